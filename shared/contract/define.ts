// Helpers to declare an operation once: its zod argument schema (checked in the engine) and its result type
// (a phantom used only by the type checker), so preload, router, browser transport and renderer client are
// all typed from the same map and no file repeats a channel name or a signature by hand.
import type { z } from 'zod';

export interface OperationSpec<A extends z.ZodType, R> {
  readonly args: A;
  /** Phantom: never read at run time. */
  readonly result?: R;
}

export function operation<A extends z.ZodType>(args: A) {
  return { returns: <R>(): OperationSpec<A, R> => ({ args }) };
}

export interface EventSpec<P> {
  /** Phantom: never read at run time. */
  readonly payload?: P;
}

export function event<P>(): EventSpec<P> {
  return {};
}
