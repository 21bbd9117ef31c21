/* eslint-disable @typescript-eslint/require-await -- handlers are async by contract; stand-ins have nothing to await */
import { describe, expect, it } from 'vitest';
import { ContractFailure } from '../../electron/ipc/failure.ts';
import type { Handlers } from '../../electron/ipc/handlers.ts';
import type { LogSink } from '../../electron/ipc/log-sink.ts';
import { INTERNAL_MESSAGE, createRouter } from '../../electron/ipc/router.ts';
import { createStubHandlers } from './support/stub-handlers.ts';

const ctx = { actor: 'jane', transport: 'cli' } as const;

function recordingLog() {
  const lines: { level: string; detail: object; message: string }[] = [];
  const log: LogSink = {
    info: (detail, message) => lines.push({ level: 'info', detail, message }),
    warn: (detail, message) => lines.push({ level: 'warn', detail, message }),
    error: (detail, message) => lines.push({ level: 'error', detail, message }),
  };
  return { log, lines };
}

function routerWith(overrides: Partial<Handlers>, log = recordingLog().log) {
  const { handlers } = createStubHandlers();
  return createRouter({ ...handlers, ...overrides }, { log });
}

describe('router', () => {
  it('answers a well-formed call with the handler value', async () => {
    const router = routerWith({});
    const result = await router.invoke('documents/list', { source: 'concur' }, ctx);
    expect(result.ok).toBe(true);
    if (result.ok) expect((result.value as { total: number }).total).toBe(2);
  });

  it('treats missing arguments as an empty object', async () => {
    const result = await routerWith({}).invoke('status/get', undefined, ctx);
    expect(result.ok).toBe(true);
  });

  it('refuses an unknown operation, including inherited object keys', async () => {
    for (const name of ['documents/delete-all', 'toString', '__proto__', 'constructor']) {
      const result = await routerWith({}).invoke(name, {}, ctx);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    }
  });

  it('names the dotted path of a bad nested setting', async () => {
    const result = await routerWith({}).invoke(
      'settings/update',
      { settings: { qad: { rest: { tenantUrl: 'not a url' } } } },
      ctx,
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'settings.qad.rest.tenantUrl' },
    });
    if (!result.ok) expect(result.error.message).toContain('must be a URL');
  });

  it('names array positions and unknown keys', async () => {
    const badDay = await routerWith({}).invoke(
      'settings/update',
      { settings: { schedules: { concur: { days: [1, 9] } } } },
      ctx,
    );
    expect(badDay).toMatchObject({ ok: false, error: { field: 'settings.schedules.concur.days[1]' } });

    const typo = await routerWith({}).invoke('documents/list', { sorce: 'concur' }, ctx);
    expect(typo).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'sorce' } });
  });

  it('refuses wrong types and non-object arguments before the handler runs', async () => {
    let called = false;
    const router = routerWith({
      'documents/list': async () => {
        called = true;
        return { rows: [], total: 0 };
      },
    });
    expect(await router.invoke('documents/list', { limit: 'lots' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'limit' },
    });
    expect(await router.invoke('documents/list', 'all of them', ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(called).toBe(false);
  });

  it('passes parsed arguments, defaults applied, and the caller context', async () => {
    let seen: unknown;
    let seenCtx: unknown;
    const router = routerWith({
      'documents/list': async (args, context) => {
        seen = args;
        seenCtx = context;
        return { rows: [], total: 0 };
      },
    });
    await router.invoke('documents/list', {}, ctx);
    expect(seen).toEqual({ offset: 0, limit: 200 });
    expect(seenCtx).toEqual(ctx);
  });

  it('maps a ContractFailure to its code, message and field', async () => {
    const router = routerWith({
      'secrets/set': async () => {
        throw new ContractFailure('unavailable', 'The OS keychain is locked.', 'name');
      },
    });
    const result = await router.invoke('secrets/set', { name: 'qad.password', value: 'x' }, ctx);
    expect(result).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'The OS keychain is locked.', field: 'name' },
    });
  });

  it('hides an internal error behind a generic message, logs it, and never logs the arguments', async () => {
    const { log, lines } = recordingLog();
    const router = routerWith(
      {
        'secrets/set': async () => {
          throw new Error('ECONNREFUSED https://user:hunter2@qad.example/api at Socket.connect');
        },
      },
      log,
    );
    const result = await router.invoke('secrets/set', { name: 'qad.password', value: 'TOP-SECRET-42' }, ctx);
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } });
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(lines.filter((line) => line.level === 'error')).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('TOP-SECRET-42');
  });

  it('turns a thrown non-Error into internal too', async () => {
    const router = routerWith({
      'audit/verify': () => Promise.reject(new TypeError('boom')),
      'status/get': () => {
        // A handler that throws synchronously instead of rejecting.
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test
        throw 'a string';
      },
    });
    expect(await router.invoke('audit/verify', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(await router.invoke('status/get', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});
