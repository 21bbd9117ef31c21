// What every job handler needs: the state, the resolved options, the clock, a seeded generator for ids and
// file names, and the responder that shapes answers.
import type { SimClock } from '../clock.ts';
import type { Random } from '../random.ts';
import type { ExpensifySimState } from './model.ts';
import type { ExpensifySimOptions } from './options.ts';
import type { Responder } from './responses.ts';

export interface SimContext {
  readonly state: ExpensifySimState;
  readonly options: ExpensifySimOptions;
  readonly clock: SimClock;
  readonly random: Random;
  readonly respond: Responder;
}

/** "yyyy-MM-dd HH:mm:ss" in UTC, the shape used for report timestamps [U]. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
