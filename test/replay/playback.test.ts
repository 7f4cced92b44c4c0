import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeReader } from '../../src/record/episode-reader.ts';
import { frameIndexAt, loadEpisodeTrack, type EpisodeTrack } from '../../src/replay/episode-track.ts';
import { Playback } from '../../src/replay/playback.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { tempDir } from '../record/record-fixture.ts';
import { HZ, openEpisode, writeEpisode } from './replay-fixture.ts';

const times = (n: number) => Float64Array.from({ length: n }, (_, i) => i / HZ);
const DISPLAY_MS = 1000 / 60;

describe('Playback against a recorded episode', () => {
  let tmp: ReturnType<typeof tempDir>;
  let reader: EpisodeReader;
  let track: EpisodeTrack;
  beforeAll(async () => {
    tmp = tempDir('replay-playback');
    reader = await openEpisode(await writeEpisode(tmp.dir));
    track = await loadEpisodeTrack(reader);
  });
  afterAll(async () => {
    await reader.close();
    tmp.cleanup();
  });

  for (const speed of [0.1, 2]) {
    it(`shows, at ${speed}x, the frame the recording had at that instant (within one frame)`, async () => {
      const clock = new FakeClock();
      const p = new Playback(clock, track.frameTimes, track.durationS);
      p.setSpeed(speed);
      p.seek(1.234);
      p.play();
      let wallMs = 0;
      for (let k = 0; k < 240; k++) {
        // A display that is not quite regular: 60 Hz with jitter.
        const dt = DISPLAY_MS * (k % 3 === 0 ? 1.4 : 0.8);
        clock.advance(dt);
        wallMs += dt;
        const expected = Math.min(track.durationS, 1.234 + (wallMs / 1000) * speed);
        const shown = frameIndexAt(track, p.position());
        const recorded = await reader.seek(expected);
        expect(Math.abs(shown - recorded.frame!.tick!)).toBeLessThanOrEqual(1);
      }
      expect(p.position()).toBeCloseTo(1.234 + (wallMs / 1000) * speed, 6);
    });
  }

  it('plays to the end, clamps there and pauses; play again starts from the top', () => {
    const clock = new FakeClock();
    const p = new Playback(clock, track.frameTimes, track.durationS);
    p.setSpeed(2);
    p.seek(9);
    p.play();
    clock.advance(2000);
    expect(p.position()).toBe(track.durationS);
    expect(p.playing).toBe(false);
    clock.advance(1000);
    expect(p.position()).toBe(track.durationS);
    p.play();
    expect(p.position()).toBe(0);
    clock.advance(500);
    expect(p.position()).toBeCloseTo(1, 9);
  });
});

describe('Playback controls', () => {
  const clock = new FakeClock();
  const make = (n = 500, duration = 10) => new Playback(clock, times(n), duration);

  it('seeks within the episode and clamps at its edges', () => {
    const p = make();
    p.seek(-3);
    expect(p.position()).toBe(0);
    p.seek(0);
    expect(p.position()).toBe(0);
    p.seek(10);
    expect(p.position()).toBe(10);
    p.seek(11);
    expect(p.position()).toBe(10);
    p.seek(4.321);
    expect(p.position()).toBe(4.321);
    expect(p.frameIndex()).toBe(216);
    expect(() => p.seek(NaN)).toThrow(/NaN/);
  });

  it('keeps playing across a seek', () => {
    const p = make();
    p.play();
    p.seek(5);
    clock.advance(1000);
    expect(p.position()).toBeCloseTo(6, 9);
  });

  it('steps by frames, stops at the first and the last, and pauses', () => {
    const p = make();
    p.seek(1.005);
    p.play();
    p.step(1);
    expect(p.playing).toBe(false);
    expect(p.position()).toBeCloseTo(1.02, 12);
    p.step(-2);
    expect(p.position()).toBeCloseTo(0.98, 12);
    p.step(-1000);
    expect(p.position()).toBe(0);
    p.step(-1);
    expect(p.position()).toBe(0);
    p.step(1000);
    expect(p.position()).toBeCloseTo(9.98, 12);
    expect(p.frameIndex()).toBe(499);
    p.step(1);
    expect(p.frameIndex()).toBe(499);
    p.seek(10);
    p.step(-1);
    expect(p.frameIndex()).toBe(498);
    expect(() => p.step(0.5)).toThrow(/0.5/);
  });

  it('steps from before the first frame onto it', () => {
    const p = new Playback(clock, Float64Array.from([0.5, 0.6]), 1);
    p.step(1);
    expect(p.position()).toBe(0.5);
  });

  it('copes with an empty track and a one-frame track', () => {
    const empty = new Playback(clock, new Float64Array(0), 0);
    empty.play();
    clock.advance(100);
    expect(empty.position()).toBe(0);
    expect(empty.playing).toBe(false);
    empty.step(1);
    empty.seek(5);
    expect(empty.position()).toBe(0);
    expect(empty.frameIndex()).toBe(-1);
    const one = new Playback(clock, Float64Array.from([0]), 0.02);
    one.seek(1);
    expect(one.position()).toBe(0.02);
    one.step(-1);
    expect(one.position()).toBe(0);
    one.step(1);
    expect(one.position()).toBe(0);
    expect(one.frameIndex()).toBe(0);
    one.play();
    clock.advance(100);
    expect(one.position()).toBe(0.02);
    expect(one.playing).toBe(false);
  });

  it('wraps inside a loop, and plays on past it when sought beyond its end', () => {
    const p = make();
    p.setLoop({ from: 2, to: 3 });
    expect(p.position()).toBe(2);
    p.play();
    clock.advance(900);
    expect(p.position()).toBeCloseTo(2.9, 9);
    clock.advance(200);
    expect(p.position()).toBeCloseTo(2.1, 9);
    clock.advance(3000);
    expect(p.position()).toBeCloseTo(2.1, 9);
    expect(p.playing).toBe(true);
    p.seek(5);
    clock.advance(1000);
    expect(p.position()).toBeCloseTo(6, 9);
    p.seek(1.5);
    clock.advance(2000);
    expect(p.position()).toBeCloseTo(2.5, 9);
    p.setLoop(null);
    clock.advance(1000);
    expect(p.position()).toBeCloseTo(3.5, 9);
    expect(p.loop).toBeNull();
  });

  it('refuses a loop that is not a range inside the episode', () => {
    const p = make();
    expect(() => p.setLoop({ from: 3, to: 2 })).toThrow(/from: 3, to: 2/);
    expect(() => p.setLoop({ from: 1, to: 1 })).toThrow();
    expect(() => p.setLoop({ from: -1, to: 2 })).toThrow();
    expect(() => p.setLoop({ from: 1, to: 11 })).toThrow();
    expect(() => p.setLoop({ from: 1, to: NaN })).toThrow();
    expect(p.loop).toBeNull();
  });

  it('keeps the position continuous when the speed changes while playing', () => {
    const p = make();
    p.play();
    clock.advance(1000);
    const before = p.position();
    p.setSpeed(0.05);
    expect(p.position()).toBe(before);
    expect(p.speed).toBe(0.05);
    clock.advance(1000);
    expect(p.position()).toBeCloseTo(before + 0.05, 9);
    p.setSpeed(2);
    clock.advance(1000);
    expect(p.position()).toBeCloseTo(before + 2.05, 9);
    expect(() => p.setSpeed(3)).toThrow(/3 is not one of/);
    expect(p.speed).toBe(2);
  });

  it('holds still while paused', () => {
    const p = make();
    p.seek(4);
    clock.advance(5000);
    expect(p.position()).toBe(4);
    p.play();
    clock.advance(500);
    p.pause();
    clock.advance(5000);
    expect(p.position()).toBeCloseTo(4.5, 9);
  });
});
