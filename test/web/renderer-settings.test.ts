// The settings form names every bad field at once, in plain words, before anything is sent.
import { describe, expect, it } from 'vitest';
import { cleanSettings, settingsProblems } from '../../renderer/features/settings/settings-problems.ts';
import { defaultSettings } from '../../shared/settings.ts';
import { concurAuthState } from '../../renderer/features/connections/concur-auth.ts';

describe('settingsProblems', () => {
  it('names each bad field by its path', () => {
    const s = defaultSettings();
    const problems = settingsProblems({
      ...s,
      qad: { ...s.qad, mode: 'rest', rest: { ...s.qad.rest, tenantUrl: 'qad.example.com' } },
      concur: { ...s.concur, enabled: true, clientId: 'x'.repeat(201) },
      network: { ...s.network, proxyUrl: 'ftp://proxy' },
      schedules: { ...s.schedules, concur: { ...s.schedules.concur, cron: '', window: '6-20' } },
    });
    expect(problems).toMatchObject({
      'qad.rest.tenantUrl': 'must be a URL starting with http:// or https://',
      'qad.domain': 'the QAD domain is required',
      'concur.clientId': 'At most 200 characters',
      'network.proxyUrl': 'must be a URL starting with http:// or https://',
      'schedules.concur.cron': 'Must not be empty',
      'schedules.concur.window': 'must look like "06:00-20:00"',
    });
  });

  it('has nothing to say about the defaults, and leaves an empty window out', () => {
    const s = defaultSettings();
    expect(settingsProblems(s)).toEqual({});
    const cleaned = cleanSettings({
      ...s,
      schedules: { ...s.schedules, concur: { ...s.schedules.concur, window: '' } },
    });
    expect('window' in cleaned.schedules.concur).toBe(false);
  });
});

describe('the Concur request token states', () => {
  it('follows what the keychain holds and what the engine says', () => {
    const state = (requestToken: boolean, refreshToken: boolean, needsReauthorization = false) =>
      concurAuthState({ requestToken, refreshToken, needsReauthorization });
    expect(state(false, false)).toBe('no_token');
    expect(state(true, false)).toBe('token_entered');
    expect(state(true, true)).toBe('connected');
    expect(state(false, true, true)).toBe('reauthorize');
  });
});
