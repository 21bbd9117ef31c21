// Where the one-time Concur company request token stands (pure; tested in test/web/renderer-settings.test.ts).

export type ConcurAuthState = 'no_token' | 'token_entered' | 'connected' | 'reauthorize';

/** Where the one-time Concur company request token stands, from what the keychain holds and the engine says. */
export function concurAuthState(input: {
  requestToken: boolean;
  refreshToken: boolean;
  needsReauthorization: boolean;
}): ConcurAuthState {
  if (input.needsReauthorization) return 'reauthorize';
  if (input.refreshToken) return 'connected';
  if (input.requestToken) return 'token_entered';
  return 'no_token';
}
