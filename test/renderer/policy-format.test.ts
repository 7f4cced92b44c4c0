import { describe, expect, it } from 'vitest';
import type { PolicyState, TrainingState } from '../../src/app/contract.ts';
import {
  doubtBar, etaText, lossText, otherMode, pendingText, phaseLabel, progressLine, thresholdText, trainingBusy, trainingFraction, versionText,
} from '../../renderer/policy/format.ts';
import { AskingEdge } from '../../renderer/policy/asking-edge.ts';
import { parseFrames, thresholdRequest } from '../../renderer/training/form-parse.ts';
import { modelCells, sortModels } from '../../renderer/training/model-format.ts';

const policy = (over: Partial<PolicyState> = {}): PolicyState => ({
  mode: 'gated', version: 'v3', pendingVersion: null, phase: 'autonomous', doubt: 0.1, threshold: 0.4,
  thresholdSource: 'calibrated', asking: false, ...over,
});
const training = (over: Partial<TrainingState> = {}): TrainingState => ({
  state: 'training', backend: 'cpu', backendReason: null, epoch: 5, epochs: 20, trainLoss: 0.0312, valLoss: 0.0421, etaS: 75, split: null,
  history: [], error: null, newOperatorFrames: 0, auto: { afterFrames: null, atEpisodeEnd: false }, pin: null, pinnable: [], ...over,
});

describe('policy text', () => {
  it('names the mode switch target and the gate phase', () => {
    expect(otherMode('teleop')).toBe('gated');
    expect(otherMode('gated')).toBe('teleop');
    expect(phaseLabel('settling')).toBe('settling');
    expect(phaseLabel('brand-new')).toBe('brand-new');
  });

  it('says which model drives and which waits for the handback', () => {
    expect(versionText(policy())).toBe('model v3');
    expect(versionText(policy({ version: null }))).toBe('no model yet');
    expect(versionText(undefined)).toBe('no model yet');
    expect(pendingText(policy({ pendingVersion: 'v4' }))).toBe('v4 ready — swaps in at the next handback');
    expect(pendingText(policy({ pendingVersion: 'v3' }))).toBe('');
    expect(pendingText(policy())).toBe('');
  });

  it('puts the threshold at the middle of the doubt bar and clamps beyond', () => {
    expect(doubtBar(0.2, 0.4)).toEqual({ fill: 0.25, mark: 0.5 });
    expect(doubtBar(2, 0.4)).toEqual({ fill: 1, mark: 0.5 });
    expect(doubtBar(null, 0.4)).toEqual({ fill: 0, mark: 0.5 });
    expect(doubtBar(0.5, null)).toEqual({ fill: 0.5, mark: null });
  });

  it('says where the threshold came from', () => {
    expect(thresholdText(policy())).toBe('threshold 0.400 (calibrated from takeovers)');
    expect(thresholdText(policy({ threshold: 0.05, thresholdSource: 'rate' }))).toBe('threshold 0.0500 (from a target request rate)');
    expect(thresholdText(policy({ threshold: null }))).toBe('no threshold');
  });
});

describe('training text', () => {
  it('formats losses over decades and the time left', () => {
    expect(lossText(0.031234)).toBe('0.0312');
    expect(lossText(0.00001234)).toBe('1.23e-5');
    expect(lossText(null)).toBe('–');
    expect(etaText(9.4)).toBe('9 s left');
    expect(etaText(95)).toBe('1 min 35 s left');
    expect(etaText(null)).toBe('');
  });

  it('reports progress as a fraction and a line', () => {
    expect(trainingFraction(training())).toBe(0.25);
    expect(trainingFraction(training({ epochs: 0, epoch: 0 }))).toBe(0);
    expect(trainingFraction(training({ state: 'done', epoch: 12 }))).toBe(1);
    expect(progressLine(training())).toBe('epoch 5 / 20 · train 0.0312 · val 0.0421 · 1 min 15 s left');
    expect(progressLine(training({ state: 'cancelled' }))).toBe('epoch 5 / 20 · train 0.0312 · val 0.0421');
    // Where the validation loss comes from, so a tiny or odd held-out set reads as such.
    expect(progressLine(training({ state: 'done', split: { trainFrames: 4000, valFrames: 1250, byEpisode: true } })))
      .toBe('epoch 5 / 20 · train 0.0312 · val 0.0421 on 1,250 held-out frames (whole episodes)');
    expect(progressLine(training({ state: 'done', split: { trainFrames: 300, valFrames: 60, byEpisode: false } }))).toBe('epoch 5 / 20 · train 0.0312 · val 0.0421 on 60 held-out frames');
    expect(progressLine(training({ state: 'done', valLoss: null, split: { trainFrames: 30, valFrames: 0, byEpisode: false } }))).toMatch(/ \(none held out\)$/);
    expect(trainingBusy(training())).toBe(true);
    expect(trainingBusy(training({ state: 'choosing-backend' }))).toBe(true);
    expect(trainingBusy(training({ state: 'failed' }))).toBe(false);
  });
});

describe('asking edge', () => {
  it('beeps on each rise, not while held, and not twice within the quiet time', () => {
    const edge = new AskingEdge(3000);
    expect(edge.update(false, 0)).toBe(false);
    expect(edge.update(true, 100)).toBe(true);
    expect(edge.update(true, 200)).toBe(false);
    expect(edge.update(false, 300)).toBe(false);
    expect(edge.update(true, 400)).toBe(false);
    expect(edge.update(false, 5000)).toBe(false);
    expect(edge.update(true, 5100)).toBe(true);
  });
});

describe('training panel fields', () => {
  it('reads the auto-train frame count', () => {
    expect(parseFrames(' 2000 ')).toBe(2000);
    expect(parseFrames('0')).toMatch(/at least/);
    expect(parseFrames('1.5')).toMatch(/whole number/);
    expect(parseFrames('')).toMatch(/whole number/);
  });

  it('reads the threshold: calibrated needs nothing, rate is a percentage sent as a share', () => {
    expect(thresholdRequest('calibrated', 'junk')).toEqual({ source: 'calibrated' });
    expect(thresholdRequest('rate', '5')).toEqual({ source: 'rate', value: 0.05 });
    expect(thresholdRequest('rate', '100')).toMatch(/between/);
    expect(thresholdRequest('manual', '0.3')).toEqual({ source: 'manual', value: 0.3 });
    expect(thresholdRequest('manual', '-1')).toMatch(/above 0/);
    expect(thresholdRequest('manual', '')).toMatch(/number/);
  });

  it('lists models newest first with their dataset and metrics', () => {
    const m = (version: string, round: number, created: string, alignedMs: Record<string, number> = {}) => ({
      version, round, created, parent: null, backend: 'cpu', active: false,
      metrics: { trainLoss: 0.01, valLoss: null, samplesPerS: 112345.6 }, dataset: { episodes: 4, frames: 12000, preset: 'hgdagger', alignedMs },
    });
    expect(sortModels([m('v1', 1, '2026-01-01'), m('v3', 3, '2026-01-03'), m('v2', 2, '2026-01-02')]).map((x) => x.version)).toEqual(['v3', 'v2', 'v1']);
    const cells = modelCells(m('v1', 1, 'not a date'));
    expect(cells).toEqual(['v1', '1', 'not a date', '–', 'cpu', '0.0100', '–', '112,346', 'hgdagger · 4 ep · 12,000 frames']);
    expect(modelCells(m('v2', 2, 'x', { alice: 243.4 }))[8]).toBe('hgdagger · 4 ep · 12,000 frames · shifted by reaction time: alice 243 ms');
  });
});
