import { describe, expect, it } from 'vitest';
import { ProfileStore } from '../../src/app/profile-store.ts';
import { exampleRobotProfile, simProfile, validateProfile } from '../../src/app/profiles.ts';
import { MemoryTextStore } from '../../src/app/text-store.ts';

describe('robot profiles', () => {
  it('accepts the built-in profiles and names the bad field otherwise', () => {
    expect(typeof validateProfile(simProfile('lane'))).toBe('object');
    expect(typeof validateProfile(simProfile('forest'))).toBe('object');
    const p = exampleRobotProfile();
    expect(validateProfile({ ...p, url: 'http://robot' })).toMatch(/^url:/);
    expect(validateProfile({ ...p, cmdTopic: 'has space' })).toMatch(/^cmdTopic:/);
    expect(validateProfile({ ...p, rateHz: 0 })).toMatch(/^rateHz:/);
    expect(validateProfile({ ...p, limits: { ...p.limits, linear: Number.NaN } })).toMatch(/^limits\.linear:/);
    expect(validateProfile({ ...p, cmdType: 'std_msgs/String' })).toMatch(/^cmdType:/);
    expect(validateProfile({ ...p, mapping: { ...p.mapping, deadzone: 2 } })).toMatch(/^mapping:/);
  });

  it('saves, lists and deletes, and survives a reload', async () => {
    const disk = new MemoryTextStore();
    const store = new ProfileStore(disk);
    await store.load();
    await store.save({ ...exampleRobotProfile(), name: 'husky', url: 'ws://husky:9090' });
    const again = new ProfileStore(disk);
    const loaded = await again.load();
    // The example a new user starts from was kept alongside.
    expect(loaded.profiles.map((p) => p.name)).toEqual(['husky', 'my-robot']);
    expect(again.get('husky')?.url).toBe('ws://husky:9090');
    expect(await again.remove('husky')).toBe(true);
    expect(await again.remove('husky')).toBe(false);
    expect(typeof (await again.save({ name: '' }))).toBe('string');
  });

  it('sets a corrupt profiles file aside instead of losing it', async () => {
    const disk = new MemoryTextStore();
    disk.files.set('profiles.json', '{"not json');
    const loaded = await new ProfileStore(disk).load();
    expect(loaded.rejected[0]).toMatch(/not JSON/);
    expect(disk.files.get('profiles.json.corrupt')).toBe('{"not json');

    const mixed = new MemoryTextStore();
    mixed.files.set('profiles.json', JSON.stringify([{ ...exampleRobotProfile(), name: 'good' }, { name: 'bad', url: 3 }]));
    const result = await new ProfileStore(mixed).load();
    expect(result.profiles.map((p) => p.name)).toEqual(['good']);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatch(/profile 2: url/);
  });
});
