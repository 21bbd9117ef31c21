import type { BatchState } from '../../../shared/contract/batches.ts';

/** States in which the batch is still on its way: the screen polls until it settles. */
export const MOVING = new Set<BatchState>(['released', 'posting']);
export const POLL_MS = 1500;
