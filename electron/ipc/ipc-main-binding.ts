// Binds the router to Electron's ipcMain without importing electron: the desktop shell passes the real
// ipcMain and window, tests pass in-memory stand-ins. One invoke channel carries every operation; push events
// go to the window's webContents. Every call's sender is checked (Electron checklist: validate the sender of
// all IPC messages) because any frame, iframe or child window can send IPC.
import { fail } from '../../shared/contract/result.ts';
import type { PushEvent } from '../../shared/contract/bridge.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels.ts';
import type { EventHub } from './event-hub.ts';
import { type LogSink, stderrLog } from './log-sink.ts';
import type { Router } from './router.ts';

/** The part of Electron's WebFrameMain we read. */
export interface SenderFrameLike {
  readonly url: string;
  /** Set for iframes; only the top frame of our window may call. */
  readonly parent?: unknown;
}

/** The part of Electron's WebContents we use. */
export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed?(): boolean;
}

export interface IpcInvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: SenderFrameLike | null | undefined;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcBindingOptions {
  readonly ipcMain: IpcMainLike;
  readonly router: Router;
  readonly hub: EventHub;
  /** Our window's webContents: the only accepted sender and the receiver of push events. */
  readonly webContents: WebContentsLike;
  /**
   * Where the renderer is loaded from: origins such as `app://renderer` or `http://localhost:5173` (dev
   * server), or the exact `file://.../index.html`. A frame URL is compared parsed, never by string prefix.
   */
  readonly trustedUrls: readonly string[];
  /** The OS user running the desktop. */
  readonly actor: string;
  readonly log?: LogSink;
}

export interface IpcBinding {
  /** Removes the handler and stops pushing events. */
  dispose(): void;
}

export function bindIpcMain(options: IpcBindingOptions): IpcBinding {
  const log = options.log ?? stderrLog;
  const { ipcMain, router, hub, webContents } = options;

  ipcMain.handle(INVOKE_CHANNEL, async (event, name, args) => {
    const refusal = checkSender(event, webContents, options.trustedUrls);
    if (refusal !== undefined) {
      log.warn({ reason: refusal, frameUrl: safeUrlForLog(event.senderFrame?.url) }, 'IPC call refused');
      return fail('forbidden', 'This window is not allowed to call ml-connector.');
    }
    return router.invoke(typeof name === 'string' ? name : String(name), args, {
      actor: options.actor,
      transport: 'ipc',
    });
  });

  const unsubscribe = hub.subscribe((event: PushEvent) => {
    if (webContents.isDestroyed?.() === true) return;
    webContents.send(EVENT_CHANNEL, event);
  });

  return {
    dispose() {
      unsubscribe();
      ipcMain.removeHandler(INVOKE_CHANNEL);
    },
  };
}

/** Returns why the sender is refused, or undefined when it is our window's top frame at our own URL. */
export function checkSender(
  event: IpcInvokeEventLike,
  ours: WebContentsLike,
  trustedUrls: readonly string[],
): string | undefined {
  if (event.sender !== ours) return 'sender is not our window';
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) return 'sender frame is gone';
  if (frame.parent !== null && frame.parent !== undefined) return 'sender is a sub-frame';
  return isTrustedUrl(frame.url, trustedUrls) ? undefined : 'sender frame URL is not the app';
}

export function isTrustedUrl(url: string, trustedUrls: readonly string[]): boolean {
  let actual: URL;
  try {
    actual = new URL(url);
  } catch {
    return false;
  }
  return trustedUrls.some((entry) => {
    let trusted: URL;
    try {
      trusted = new URL(entry);
    } catch {
      return false;
    }
    if (trusted.protocol === 'file:') {
      // file: URLs have an opaque origin: trust only the exact page, ignoring its hash (hash routing).
      return actual.protocol === 'file:' && actual.pathname === trusted.pathname;
    }
    return actual.protocol === trusted.protocol && actual.host === trusted.host;
  });
}

function safeUrlForLog(url: string | undefined): string {
  if (url === undefined) return '';
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable)';
  }
}
