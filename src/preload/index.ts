/**
 * Preload: hands the engine's MessagePort from main to the page, and nothing else — no
 * contextBridge API, no ipcRenderer for the page. Sandboxed preloads run as CommonJS (see
 * electron.vite.config.ts). With context isolation the page cannot reach this script; the port is
 * passed on with window.postMessage, where the page takes event.ports[0]. The target is this
 * very window, whose navigation main locks to the app's origin, so '*' exposes it to no one else.
 */
import { ipcRenderer } from 'electron';

// The preload is type-checked with the Node project (no DOM lib); this is the one DOM call it makes.
declare const window: { postMessage(message: string, targetOrigin: string, transfer: readonly unknown[]): void };

ipcRenderer.on('sw:engine-port', (event) => {
  window.postMessage('sw:engine-port', '*', event.ports);
});
