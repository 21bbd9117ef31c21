// The engine implements one handler per contract operation; the router validates arguments before calling.
import type { OperationName, OperationResult, ParsedArgs } from '../../shared/contract/index.ts';

export interface CallContext {
  /** Who asked: the OS user of the desktop or of the browser-mode server, or the CLI's user. */
  readonly actor: string;
  readonly transport: 'ipc' | 'http' | 'cli';
}

export type Handlers = {
  [K in OperationName]: (args: ParsedArgs<K>, ctx: CallContext) => Promise<OperationResult<K>>;
};

export type Handler<K extends OperationName> = Handlers[K];
