import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER_NAME = 'segment-workbench';

/**
 * The OS user-data folder, the same one Electron's app.getPath('userData') gives for this app,
 * so the desktop app, browser mode and the CLI open the same workspace by default.
 */
export function userDataFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER_NAME);
}

export function defaultWorkspacePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return path.join(userDataFolder(env, platform), 'workspace.duckdb');
}
