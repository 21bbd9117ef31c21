// The sandboxed preload: exposes the typed contract bridge as `window.mlc` and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './ipc/preload-api.ts';

contextBridge.exposeInMainWorld('mlc', buildPreloadApi(ipcRenderer));
