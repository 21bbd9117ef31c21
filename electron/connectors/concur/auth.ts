// The company authorisation of SAP Concur's oauth2 v0 [AUTH; CAUTH; CRT]: the one-time company request token
// is exchanged (password grant, credtype=authtoken, the company UUID as username) for an access token (1 h)
// and a refresh token (6 months, renewed by every refresh). The access token lives in memory only; the refresh
// token in the secret store; the geolocation (the API host for this company) in the non-secret state store.
import { z } from 'zod';
import type { LogSink } from '../../ipc/log-sink.ts';
import type { EngineSecrets } from '../../engine/ports.ts';
import { redactor } from '../../log/redact.ts';
import { ConcurError, ConcurReauthorizeError } from './errors.ts';
import { safeDetail, type ConcurAuthProvider, type ConcurHttp } from './http.ts';

/** Non-secret values that must survive a restart (the engine passes a store backed by its database). */
export interface ConcurStateStore {
  get(key: string): string | undefined | Promise<string | undefined>;
  set(key: string, value: string): void | Promise<void>;
}

export function memoryStateStore(initial: Record<string, string> = {}): ConcurStateStore {
  const values = new Map(Object.entries(initial));
  return {
    get: (key) => values.get(key),
    set: (key, value) => {
      values.set(key, value);
    },
  };
}

export const STATE_KEYS = {
  geolocation: 'concur.geolocation',
  refreshExpiresAt: 'concur.refreshExpiresAt',
} as const;

const numeric = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/),
  ])
  .transform(Number);

/** Every documented variant of the token answer (section 1.2.5 and section 8): `expires_in` and
 * `refresh_expires_in` as number or string, `refresh_expires_in` and `id_token` optional. */
const tokenAnswerSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: numeric.optional(),
  refresh_expires_in: numeric.optional(),
  geolocation: z.string().optional(),
  id_token: z.string().optional(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
});

/**
 * The scheme and host of a geolocation. One example prints it with an `/oauth2/v0/token` suffix (CRT, a docs
 * typo) and any path is dropped; undefined when it is not an http(s) URL.
 */
export function geolocationOrigin(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

export interface ConcurAuthOptions {
  readonly http: ConcurHttp;
  readonly secrets: EngineSecrets;
  readonly state: ConcurStateStore;
  readonly log: LogSink;
  /** The token endpoint for the first exchange (the geolocation is not known yet). */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly companyUuid: string;
  /** Refresh this long before the access token expires. */
  readonly skewMs: number;
  readonly now?: () => number;
}

interface AccessToken {
  readonly token: string;
  readonly expiresAt: number;
}

const DEFAULT_ACCESS_SECONDS = 3600;

export class ConcurAuth implements ConcurAuthProvider {
  readonly #o: ConcurAuthOptions;
  readonly #now: () => number;
  #access: AccessToken | undefined;
  #geolocation: string | undefined;
  /** A refreshed token the secret store failed to take: kept so this process can go on (and save it later). */
  #unsavedRefreshToken: string | undefined;
  #inflight: Promise<void> | undefined;

  constructor(options: ConcurAuthOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  async accessToken(): Promise<string> {
    const current = this.#access;
    if (current && this.#now() < current.expiresAt - this.#o.skewMs) return current.token;
    await this.#refreshShared();
    const fresh = this.#access;
    if (!fresh) throw new ConcurError('SAP Concur gave no access token', { kind: 'config' });
    return fresh.token;
  }

  baseUrl(): string {
    if (!this.#geolocation)
      throw new ConcurError('SAP Concur geolocation is not known yet', { kind: 'config' });
    return this.#geolocation;
  }

  /** The geolocation in use, or the persisted one from an earlier run. */
  async geolocation(): Promise<string | undefined> {
    return this.#geolocation ?? geolocationOrigin(await this.#o.state.get(STATE_KEYS.geolocation));
  }

  async rejected(token: string): Promise<void> {
    // Another caller already replaced the refused token: use theirs.
    if (this.#access && this.#access.token !== token) return;
    this.#access = undefined;
    await this.#refreshShared();
  }

  /** Forgets the access token (e.g. after the admin entered a new request token). */
  reset(): void {
    this.#access = undefined;
  }

  #refreshShared(): Promise<void> {
    this.#inflight ??= this.#refresh().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #refresh(): Promise<void> {
    const { secrets, log } = this.#o;
    this.#geolocation ??= geolocationOrigin(await this.#o.state.get(STATE_KEYS.geolocation));
    const requestToken = await secrets.get('concur.requestToken');
    const refreshToken = this.#unsavedRefreshToken ?? (await secrets.get('concur.refreshToken'));
    redactor.register(requestToken);
    redactor.register(refreshToken);

    // A request token in the store is the admin's newest word (first connect, or re-authorisation), so it
    // goes first. It is also still there after a crash between storing the refresh token and deleting the
    // request token: within its 24 h the exchange simply works again; later it is refused and the stored
    // refresh token takes over.
    if (requestToken) {
      try {
        const answer = await this.#tokenCall(this.#o.tokenUrl, 'concur.exchange', {
          grant_type: 'password',
          username: this.#o.companyUuid,
          password: requestToken,
          credtype: 'authtoken',
        });
        await this.#adopt(answer, { dropRequestToken: true });
        log.info({}, 'SAP Concur: the company request token was exchanged for a refresh token');
        return;
      } catch (error) {
        if (!(error instanceof ConcurError) || error.kind !== 'reauthorize') throw error;
        if (!refreshToken) {
          throw new ConcurReauthorizeError(
            'request-token-refused',
            'the stored request token was refused: it expired or was mistyped',
            errorDetails(error),
          );
        }
        log.warn(
          safeDetail({ code: error.code }),
          'SAP Concur refused the stored request token; using the stored refresh token instead',
        );
        await secrets.delete('concur.requestToken');
      }
    }
    if (!refreshToken) {
      throw new ConcurReauthorizeError('not-authorised', 'no Concur authorisation is stored yet');
    }
    // Refreshes go to the token's geolocation [AUTH 1.4]; before any is known, to the configured token URL.
    const url = this.#geolocation ? `${this.#geolocation}/oauth2/v0/token` : this.#o.tokenUrl;
    let answer: z.infer<typeof tokenAnswerSchema>;
    try {
      answer = await this.#tokenCall(url, 'concur.refresh', {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });
    } catch (error) {
      if (error instanceof ConcurError && error.kind === 'reauthorize') {
        throw new ConcurReauthorizeError(
          'refresh-token-refused',
          'the refresh token expired or was revoked',
          errorDetails(error),
        );
      }
      throw error;
    }
    await this.#adopt(answer, { dropRequestToken: false });
  }

  async #tokenCall(
    url: string,
    endpoint: string,
    fields: Record<string, string>,
  ): Promise<z.infer<typeof tokenAnswerSchema>> {
    const clientSecret = await this.#o.secrets.get('concur.clientSecret');
    if (!clientSecret) {
      throw new ConcurError('SAP Concur client secret is not stored: enter it in the settings', {
        kind: 'config',
        endpoint,
      });
    }
    redactor.register(clientSecret);
    const form = new URLSearchParams({
      client_id: this.#o.clientId,
      client_secret: clientSecret,
      ...fields,
    }).toString();
    const target = new URL(url);
    const response = await this.#o.http.send({
      endpoint: 'oauth2.token',
      method: 'POST',
      baseUrl: target.origin,
      path: target.pathname,
      // A string body keeps axios from adding `;charset=utf-8`, which oauth2 rejects (TMC).
      data: form,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      repeat: 'repeatable',
      auth: false,
      tokenCall: true,
    });
    let raw: unknown;
    try {
      raw = JSON.parse(response.body);
    } catch {
      raw = undefined;
    }
    const parsed = tokenAnswerSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConcurError(
        `SAP Concur token answer could not be read (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'not JSON'})`,
        { kind: 'config', endpoint, status: response.status },
      );
    }
    for (const value of [parsed.data.access_token, parsed.data.refresh_token, parsed.data.id_token])
      redactor.register(value);
    return parsed.data;
  }

  /**
   * Makes a token answer current. The order matters because Concur may revoke the old refresh token the
   * moment it answers (rotation): the new refresh token is then the only valid one, so
   *   1. it is written to the secret store first (the store's set replaces the entry in one call);
   *   2. then the geolocation is persisted (a lost geolocation only costs a detour via the token URL);
   *   3. then the request token is deleted: only once the refresh token that replaces it is stored, so a
   *      crash in between leaves two usable tokens, never none;
   *   4. only then is the new access token put to use.
   * If the store refuses the write, the token is kept in memory so this process can go on, and the call
   * fails loudly so a person learns that the next start would need a new request token.
   */
  async #adopt(answer: z.infer<typeof tokenAnswerSchema>, how: { dropRequestToken: boolean }): Promise<void> {
    const { secrets, state, log } = this.#o;
    const geolocation =
      geolocationOrigin(answer.geolocation) ?? this.#geolocation ?? new URL(this.#o.tokenUrl).origin;
    if (answer.refresh_token) {
      try {
        await secrets.set('concur.refreshToken', answer.refresh_token);
        this.#unsavedRefreshToken = undefined;
      } catch (error) {
        this.#unsavedRefreshToken = answer.refresh_token;
        throw new ConcurError(
          `SAP Concur token could not be saved in the secret store (${error instanceof Error ? error.message : String(error)})`,
          { kind: 'config', endpoint: 'oauth2.token' },
        );
      }
    }
    if (geolocation !== this.#geolocation) {
      if (this.#geolocation)
        log.info(safeDetail({ from: this.#geolocation, to: geolocation }), 'SAP Concur geolocation changed');
      this.#geolocation = geolocation;
    }
    await state.set(STATE_KEYS.geolocation, geolocation);
    if (answer.refresh_expires_in !== undefined && answer.refresh_expires_in > 0) {
      // An absolute Unix epoch in seconds, not a duration [AUTH; ERG; RTM]. Kept to the day, so the hourly
      // refresh does not rewrite (and audit) it every time.
      await state.set(
        STATE_KEYS.refreshExpiresAt,
        new Date(answer.refresh_expires_in * 1000).toISOString().slice(0, 10),
      );
    }
    if (how.dropRequestToken) await secrets.delete('concur.requestToken');
    const seconds =
      answer.expires_in !== undefined && answer.expires_in > 0 ? answer.expires_in : DEFAULT_ACCESS_SECONDS;
    this.#access = { token: answer.access_token, expiresAt: this.#now() + seconds * 1000 };
  }
}

function errorDetails(error: ConcurError): { endpoint?: string; status?: number; code?: string } {
  return {
    ...(error.endpoint ? { endpoint: error.endpoint } : {}),
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.code ? { code: error.code } : {}),
  };
}
