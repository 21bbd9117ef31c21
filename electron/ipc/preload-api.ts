// What the sandboxed preload exposes as `window.mlc`. No Node imports here: the preload is bundled to CJS
// on its own and runs with sandbox on. Only two functions cross the bridge, never ipcRenderer itself
// (Electron checklist: do not expose Electron APIs to web content).
import type { MlcBridge, PushEvent } from '../../shared/contract/bridge.ts';
import type { Result } from '../../shared/contract/result.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels.ts';

/** The part of Electron's ipcRenderer we use. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function buildPreloadApi(ipcRenderer: IpcRendererLike): MlcBridge {
  return {
    invoke: (name: string, args: unknown) =>
      ipcRenderer.invoke(INVOKE_CHANNEL, String(name), args) as Promise<Result<unknown>>,
    onEvent(listener: (event: PushEvent) => void) {
      // Wrap so the renderer never receives Electron's event object (it holds `sender`).
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as PushEvent);
      ipcRenderer.on(EVENT_CHANNEL, wrapped);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
      };
    },
  };
}
