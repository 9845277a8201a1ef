/**
 * Electron main: one window, the engine in a utility process, and the security policy
 * (src/main/security). The renderer is served from app://renderer with a strict CSP, sandboxed,
 * with no Node; its only link to the engine is a MessagePort handed over after each load.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, MessageChannelMain, protocol, session, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { defaultWorkspacePath } from '../engine/workspace-location';
import { isEngineToMainMessage, type EngineToMainMessage, type MainToEngineMessage } from './engine-messages';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, originOf } from './security/app-origin';
import { APP_SCHEME_PRIVILEGES, appResponseHeaders, resolveAppFile } from './security/app-protocol';
import { contentSecurityPolicy } from './security/content-security-policy';
import { isTrustedFrameUrl } from './security/ipc-sender-policy';
import { isNavigationAllowed, windowOpenDecision } from './security/navigation-policy';
import { isPermissionGranted } from './security/permission-policy';
import { requestDecision } from './security/request-policy';
import { mainWindowOptions } from './security/window-options';
import { userDataFolderFor } from './user-data-folder';
import { workspaceArgument } from './workspace-argument';

const PRODUCT_NAME = 'Segment Workbench';
const ENGINE_PORT_CHANNEL = 'sw:engine-port';
const MAX_ENGINE_RESTARTS = 3;

const outMain = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(outMain, '..', 'renderer');
const preloadPath = path.join(outMain, '..', 'preload', 'index.cjs');
const engineEntry = path.join(outMain, 'engine-process.js');

const workspacePath = path.resolve(workspaceArgument(process.argv) ?? defaultWorkspacePath());
// Chromium's state stays in the OS's user-data folder, in a sub-folder per workspace, so the
// single-instance lock below is per workspace: two apps never open one DuckDB file.
app.setPath('userData', userDataFolderFor(app.getPath('userData'), workspacePath));

// electron-vite dev serves the renderer from a loopback Vite server; never in a packaged app.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const devServerOrigin = devServerUrl !== undefined ? originOf(devServerUrl) : null;
const allowedOrigins: readonly string[] = devServerOrigin !== null ? [APP_ORIGIN, devServerOrigin] : [APP_ORIGIN];

// Must happen before 'ready'.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME_PRIVILEGES.scheme, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } }]);

let engine: UtilityProcess | null = null;
let engineRestarts = 0;
/** Set when the engine reported it cannot open the workspace; restarting would fail the same way. */
let engineFatal = false;
let quitting = false;
let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    quitting = true;
    engine?.kill();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.whenReady().then(() => {
    applySessionPolicy();
    startEngine();
    createWindow();
  }).catch((error: unknown) => {
    dialog.showErrorBox(PRODUCT_NAME, `Could not start: ${error instanceof Error ? error.message : String(error)}`);
    app.quit();
  });
}

function applySessionPolicy(): void {
  const ses = session.defaultSession;
  ses.protocol.handle(APP_SCHEME, serveAppFile);
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => callback(requestDecision(details.url, allowedOrigins)));
}

/** app:// → a file of out/renderer with the CSP header; anything else is a 404. */
async function serveAppFile(request: Request): Promise<Response> {
  const notFound = (): Response => new Response('Not found', { status: 404, headers: { 'Content-Security-Policy': contentSecurityPolicy() } });
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
  const file = resolveAppFile(request.url, rendererRoot);
  if (file === null) return notFound();
  try {
    const body = await readFile(file);
    return new Response(new Uint8Array(body), { status: 200, headers: appResponseHeaders(file) });
  } catch {
    return notFound();
  }
}

/** Every webContents (the window, DevTools, anything a bug could create) gets the same rules. */
function lockDown(contents: WebContents): void {
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(event.url, allowedOrigins, contents.getURL())) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url, allowedOrigins, contents.getURL())) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => windowOpenDecision());
}

function createWindow(): void {
  const window = new BrowserWindow(mainWindowOptions(preloadPath, !app.isPackaged));
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  // Each load (first load, reload) gets a fresh port; the previous one closes and the engine
  // cancels the jobs of the page that went away.
  window.webContents.on('did-finish-load', () => handEnginePort(window.webContents));
  void window.loadURL(devServerUrl ?? APP_ENTRY_URL);
}

/** A new channel: port1 to the engine, port2 to the page — only if the page is the app itself. */
function handEnginePort(contents: WebContents): void {
  if (engine === null || contents.isDestroyed()) return;
  if (!isTrustedFrameUrl(contents.mainFrame.url, allowedOrigins)) return;
  const { port1, port2 } = new MessageChannelMain();
  const message: MainToEngineMessage = { type: 'engine-port' };
  engine.postMessage(message, [port1]);
  contents.postMessage(ENGINE_PORT_CHANNEL, null, [port2]);
}

function startEngine(): void {
  const child = utilityProcess.fork(engineEntry, ['--workspace', workspacePath], {
    serviceName: `${PRODUCT_NAME} engine`,
    stdio: 'inherit',
  });
  engine = child;
  child.on('message', (message: unknown) => {
    if (isEngineToMainMessage(message)) onEngineMessage(message);
  });
  child.on('exit', (code) => {
    if (engine === child) engine = null;
    if (quitting || engineFatal) return;
    // A crashed engine must not take the window down: restart it and hand the page a new port.
    if (engineRestarts < MAX_ENGINE_RESTARTS) {
      engineRestarts++;
      console.error(`engine exited with code ${code}; restarting (${engineRestarts}/${MAX_ENGINE_RESTARTS})`);
      startEngine();
      for (const window of BrowserWindow.getAllWindows()) handEnginePort(window.webContents);
    } else {
      dialog.showErrorBox(PRODUCT_NAME, `The analysis engine stopped (code ${code}) and could not be restarted.\nWorkspace: ${workspacePath}`);
    }
  });
}

function onEngineMessage(message: EngineToMainMessage): void {
  switch (message.type) {
    case 'engine-ready':
      if (!message.hasData) setTitle(`${PRODUCT_NAME} — preparing demo data…`);
      break;
    case 'demo-progress':
      setTitle(`${PRODUCT_NAME} — preparing demo data ${Math.round(message.fraction * 100)} %`);
      break;
    case 'demo-done':
      setTitle(PRODUCT_NAME);
      break;
    case 'engine-error':
      if (message.fatal) engineFatal = true;
      dialog.showErrorBox(PRODUCT_NAME, `${message.fatal ? 'The analysis engine could not start' : 'A start-up step failed'}: ${message.message}`);
      break;
  }
}

function setTitle(title: string): void {
  for (const window of BrowserWindow.getAllWindows()) window.setTitle(title);
}
