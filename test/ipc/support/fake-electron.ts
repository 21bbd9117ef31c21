// In-memory stand-ins for ipcMain, ipcRenderer and webContents, shaped like Electron's: values cross by
// structured clone as they do between processes, and the invoke event carries the sender and its frame.
import type {
  IpcInvokeEventLike,
  IpcMainLike,
  WebContentsLike,
} from '../../../electron/ipc/ipc-main-binding.ts';
import type { IpcRendererLike } from '../../../electron/ipc/preload-api.ts';

type MainHandler = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

export class FakeElectron {
  readonly #handlers = new Map<string, MainHandler>();
  readonly #listeners = new Map<string, Set<RendererListener>>();

  readonly ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (this.#handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      this.#handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      this.#handlers.delete(channel);
    },
  };

  /** Our window's webContents: sends reach the renderers made by `renderer()`. */
  readonly webContents: WebContentsLike = {
    send: (channel, ...args) => {
      for (const listener of this.#listeners.get(channel) ?? []) listener({}, ...structuredClone(args));
    },
    isDestroyed: () => false,
  };

  get handlerCount(): number {
    return this.#handlers.size;
  }

  /** A renderer whose calls arrive from `sender` (default: our window) at `frameUrl`. */
  renderer(frameUrl: string, sender: unknown = this.webContents, parent: unknown = null): IpcRendererLike {
    return {
      invoke: async (channel, ...args) => {
        const handler = this.#handlers.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        const answer = await handler(
          { sender, senderFrame: { url: frameUrl, parent } },
          ...structuredClone(args),
        );
        return structuredClone(answer);
      },
      on: (channel, listener) => {
        const set = this.#listeners.get(channel) ?? new Set();
        set.add(listener);
        this.#listeners.set(channel, set);
      },
      removeListener: (channel, listener) => {
        this.#listeners.get(channel)?.delete(listener);
      },
    };
  }
}
