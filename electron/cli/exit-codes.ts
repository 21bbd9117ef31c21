// Exit codes of the headless CLI, relied on by IT's schedulers and monitoring:
// 0 success; 1 a cycle finished with failures; 2 bad usage or bad configuration (the message names the field),
// or another ml-connector already runs the flows on the same data folder (the message names its pid);
// 3 Concur needs re-authorisation (the refresh token lapsed or was revoked).
export const EXIT = { ok: 0, failures: 1, usage: 2, reauthorize: 3 } as const;

/** Bad usage or configuration: printed as is, exit code 2. */
export class UsageError extends Error {
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.name = 'UsageError';
    this.field = field;
  }
}
