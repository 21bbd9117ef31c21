// The one place every transport (IPC, browser-mode HTTP, CLI) sends a contract call through:
// look the operation up, validate its arguments with the contract's zod schema, call the engine's handler,
// and turn whatever happens into a Result. Errors cross as data; internal errors never leak their text.
import type { z } from 'zod';
import { type OperationName, operations } from '../../shared/contract/index.ts';
import { type Result, fail, ok } from '../../shared/contract/result.ts';
import { ContractFailure } from './failure.ts';
import type { CallContext, Handlers } from './handlers.ts';
import { type LogSink, stderrLog } from './log-sink.ts';

export interface Router {
  invoke(name: string, rawArgs: unknown, ctx: CallContext): Promise<Result<unknown>>;
}

export interface RouterOptions {
  readonly log?: LogSink;
}

export const INTERNAL_MESSAGE = 'Something went wrong inside ml-connector. The details are in the log.';

export function isOperationName(name: string): name is OperationName {
  // hasOwn, so 'toString' or '__proto__' are not mistaken for operations.
  return Object.hasOwn(operations, name);
}

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const log = options.log ?? stderrLog;

  return {
    async invoke(name, rawArgs, ctx) {
      if (typeof name !== 'string' || !isOperationName(name)) {
        return fail('unknown_operation', `There is no operation called "${String(name).slice(0, 80)}".`);
      }
      const schema: z.ZodType = operations[name].args;
      // Transports send `undefined` for "no arguments" (IPC drops empty values, HTTP may have no body).
      const parsed = schema.safeParse(rawArgs === undefined || rawArgs === null ? {} : rawArgs);
      if (!parsed.success) return invalidArgument(parsed.error);

      const handler = handlers[name] as (args: unknown, ctx: CallContext) => Promise<unknown>;
      try {
        return ok(await handler(parsed.data, ctx));
      } catch (error) {
        if (error instanceof ContractFailure) return fail(error.code, error.message, error.field);
        // Only the error's class and stack go to the log, with the operation: never its arguments,
        // which may carry a secret (secrets/set).
        log.error(
          {
            operation: name,
            transport: ctx.transport,
            err:
              error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : {},
          },
          'contract handler failed',
        );
        return fail('internal', INTERNAL_MESSAGE);
      }
    },
  };
}

function invalidArgument(error: z.ZodError): Result<never> {
  const issue = error.issues[0];
  if (issue === undefined) return fail('invalid_argument', 'The arguments are not valid.');
  let path = [...issue.path];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    // Point at the unknown key itself, so a form can show the message beside it.
    path = [...path, issue.keys[0] as string];
    message = `is not a known field`;
  }
  const field = dottedPath(path);
  if (field === '') return fail('invalid_argument', `The arguments are not valid: ${message}`);
  return fail('invalid_argument', `${field}: ${message}`, field);
}

/** `['settings', 'schedules', 'concur', 'days', 0]` -> `settings.schedules.concur.days[0]`. */
export function dottedPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
