// The main window's size and position, kept in the settings folder between runs. A saved position that is
// no longer on any screen (a laptop undocked from its second monitor) is dropped, so the window never
// opens out of sight.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../settings/atomic-write.ts';

export const WINDOW_STATE_FILE = 'window-state.json';

const stateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof stateSchema>;

export interface Area {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };

export function windowStatePath(settingsDir: string): string {
  return join(settingsDir, WINDOW_STATE_FILE);
}

export function loadWindowState(file: string): WindowState {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { ...DEFAULT_WINDOW_STATE };
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  const parsed = stateSchema.safeParse(state);
  if (parsed.success) writeFileAtomic(file, `${JSON.stringify(parsed.data)}\n`, { mode: 0o600 });
}

/** Keeps the saved position only when at least 100x50 px of the title area lies on a current display. */
export function fitToDisplays(state: WindowState, workAreas: readonly Area[]): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  const visible = workAreas.some((area) => {
    const left = Math.max(x, area.x);
    const right = Math.min(x + state.width, area.x + area.width);
    const top = Math.max(y, area.y);
    const bottom = Math.min(y + 50, area.y + area.height);
    return right - left >= 100 && bottom - top >= 50;
  });
  if (visible) return state;
  const { x: _x, y: _y, ...size } = state;
  return size;
}
