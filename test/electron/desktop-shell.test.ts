// The desktop shell's decisions that do not need Electron: tray state and tooltip, which events notify,
// where the window reopens, and which URLs count as the app.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineStatus, RunRecord } from '../../shared/domain/status.ts';
import { emptyCounts } from '../../shared/domain/status.ts';
import { APP_ENTRY_URL, isAppUrl, resolveInside } from '../../electron/desktop/app-url.ts';
import { notificationFor } from '../../electron/desktop/notification-text.ts';
import { trayStateOf, trayTooltip } from '../../electron/desktop/tray-state.ts';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
  windowStatePath,
} from '../../electron/desktop/window-state.ts';

function status(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return {
    version: '0.1.0',
    startedAt: '2026-11-25T08:00:00.000Z',
    paused: false,
    concurNeedsReauthorization: false,
    connections: [{ system: 'qad', configured: true, state: 'ok', message: 'reachable' }],
    flows: [{ flow: 'concur', enabled: true, running: false, nextRunAt: '2026-11-25T08:15:00.000Z' }],
    counts: [],
    ...overrides,
  };
}

function run(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 7,
    flow: 'concur',
    trigger: 'schedule',
    startedAt: '2026-11-25T08:00:00.000Z',
    finishedAt: '2026-11-25T08:00:05.000Z',
    outcome: 'succeeded',
    counts: emptyCounts(),
    ...overrides,
  };
}

describe('tray', () => {
  it('is idle when nothing runs and nothing waits for a person', () => {
    expect(trayStateOf(status())).toBe('idle');
    expect(trayTooltip(status())).toBe('ml-connector: idle · next run 08:15 UTC');
  });

  it('shows running while any flow runs', () => {
    const s = status({ flows: [{ flow: 'expensify', enabled: true, running: true }] });
    expect(trayStateOf(s)).toBe('running');
  });

  it('asks for attention for exceptions, a lapsed Concur token, a broken connection or a failed run', () => {
    expect(
      trayStateOf(status({ counts: [{ source: 'concur', entity: '10USA', state: 'exception', count: 3 }] })),
    ).toBe('attention');
    expect(
      trayTooltip(status({ counts: [{ source: 'concur', entity: '10USA', state: 'exception', count: 3 }] })),
    ).toContain('3 documents need attention');
    expect(trayStateOf(status({ concurNeedsReauthorization: true }))).toBe('attention');
    expect(
      trayStateOf(
        status({ connections: [{ system: 'qad', configured: true, state: 'error', message: 'timeout' }] }),
      ),
    ).toBe('attention');
    expect(
      trayStateOf(
        status({
          flows: [{ flow: 'concur', enabled: true, running: false, lastRun: run({ outcome: 'failed' }) }],
        }),
      ),
    ).toBe('attention');
  });

  it('says when the schedule is paused and keeps the tooltip within the Windows limit', () => {
    const s = status({
      paused: true,
      connections: Array.from({ length: 10 }, () => ({
        system: 'expensify' as const,
        configured: true,
        state: 'error' as const,
        message: 'Authentication error: the partner credentials were rejected by Expensify',
      })),
    });
    expect(trayTooltip(s)).toMatch(/^ml-connector: paused/);
    expect(trayTooltip(s).length).toBeLessThanOrEqual(127);
  });
});

describe('notifications', () => {
  it('notify when a run fails, with the reason', () => {
    const text = notificationFor({
      name: 'run/finished',
      payload: run({ outcome: 'failed', message: 'QAD unreachable' }),
    });
    expect(text).toEqual({ title: 'SAP Concur run failed', body: 'QAD unreachable' });
  });

  it('notify when new exceptions appear', () => {
    const counts = { ...emptyCounts(), exceptions: 2 };
    expect(
      notificationFor({ name: 'run/finished', payload: run({ flow: 'expensify', counts }) })?.title,
    ).toBe('2 new exceptions from Expensify');
  });

  it('stay quiet for a clean run and for status changes', () => {
    expect(notificationFor({ name: 'run/finished', payload: run() })).toBeUndefined();
    expect(notificationFor({ name: 'status/changed', payload: status() })).toBeUndefined();
  });
});

describe('window state', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-window-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('remembers size and position between runs', () => {
    const file = windowStatePath(dir);
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    saveWindowState(file, { x: 100, y: 80, width: 1400, height: 900, maximized: true });
    expect(loadWindowState(file)).toEqual({ x: 100, y: 80, width: 1400, height: 900, maximized: true });
  });

  it('falls back to the default size when the file is damaged', () => {
    const file = windowStatePath(dir);
    writeFileSync(file, '{"width": "wide"');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops a position that is on no current screen (monitor unplugged)', () => {
    const laptop = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    const onSecondMonitor = { x: 2200, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(onSecondMonitor, laptop)).toEqual({ width: 1200, height: 800, maximized: false });
    const visible = { x: 300, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(visible, laptop)).toEqual(visible);
  });
});

describe('app URLs', () => {
  it('serves only files inside the renderer folder', () => {
    const root = join(tmpdir(), 'renderer');
    expect(resolveInside(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveInside(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveInside(root, '/../secrets.enc')).toBeUndefined();
    expect(resolveInside(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveInside(root, '/a%00b')).toBeUndefined();
  });

  it('treats only the app origin (and the dev server when given) as the app', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://renderer/index.html#/exceptions')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});
