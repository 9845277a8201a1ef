/**
 * The BrowserWindow's webPreferences. Structurally a subset of Electron's WebPreferences, kept
 * here without Electron imports so tests can check every value without the Electron binary.
 */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  /** Chromium's spellchecker downloads dictionaries from the network: off. */
  spellcheck: false;
  safeDialogs: true;
  devTools: boolean;
}

export interface SecureWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  webPreferences: SecureWebPreferences;
}

export function secureWebPreferences(preloadPath: string, devTools: boolean): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools,
  };
}

export function mainWindowOptions(preloadPath: string, devTools: boolean): SecureWindowOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Segment Workbench',
    // Shown on 'ready-to-show' so the user never sees a blank white frame.
    show: false,
    webPreferences: secureWebPreferences(preloadPath, devTools),
  };
}
