import { describe, expect, it } from 'vitest';
import { parseServerMessage } from '../../renderer/bridge/envelope.ts';
import { apiUrl } from '../../renderer/bridge/api-url.ts';

describe('parseServerMessage', () => {
  it('reads results and events', () => {
    expect(parseServerMessage('{"kind":"result","id":3,"ok":true,"value":null}')).toEqual({ kind: 'result', id: 3, ok: true, value: null });
    expect(parseServerMessage('{"kind":"result","id":4,"ok":false,"error":"no such profile"}')).toEqual({ kind: 'result', id: 4, ok: false, error: 'no such profile' });
    const ev = parseServerMessage('{"kind":"event","event":{"type":"scan","scan":{"ranges":[]}}}');
    expect(ev).toMatchObject({ kind: 'event', event: { type: 'scan' } });
  });

  it('knows the recording events', () => {
    expect(parseServerMessage('{"kind":"event","event":{"type":"episodes","episodes":[]}}')).toMatchObject({ event: { type: 'episodes', episodes: [] } });
    const recovery = '{"kind":"event","event":{"type":"recovery","recovery":{"active":true,"done":0,"total":2,"current":null,"lines":[]}}}';
    expect(parseServerMessage(recovery)).toMatchObject({ event: { type: 'recovery', recovery: { total: 2 } } });
    expect(parseServerMessage('{"kind":"event","event":{"type":"recovery"}}')).toMatch(/has no recovery/);
  });

  it('knows the model history event', () => {
    expect(parseServerMessage('{"kind":"event","event":{"type":"models","models":[]}}')).toMatchObject({ event: { type: 'models', models: [] } });
    expect(parseServerMessage('{"kind":"event","event":{"type":"models"}}')).toMatch(/has no models/);
  });

  it('names what is wrong with a bad frame instead of throwing', () => {
    expect(parseServerMessage('not json')).toBe('frame is not JSON');
    expect(parseServerMessage('[1]')).toBe('frame is not an object');
    expect(parseServerMessage('{"kind":"result","ok":true}')).toMatch(/numeric id/);
    expect(parseServerMessage('{"kind":"event","event":{"type":"bogus"}}')).toMatch(/unknown event type "bogus"/);
    expect(parseServerMessage('{"kind":"event","event":{"type":"state"}}')).toMatch(/has no state/);
    expect(parseServerMessage('{"kind":"hello"}')).toMatch(/unknown frame kind/);
  });
});

describe('apiUrl', () => {
  it('follows the page scheme and carries the access token', () => {
    expect(apiUrl({ protocol: 'http:', host: '127.0.0.1:8080', search: '' })).toBe('ws://127.0.0.1:8080/api');
    expect(apiUrl({ protocol: 'https:', host: 'lab:443', search: '?token=a b&x=1' })).toBe('wss://lab:443/api?token=a%20b');
  });
});
