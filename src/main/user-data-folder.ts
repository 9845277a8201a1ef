import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * Where Chromium keeps its own state (cookies, caches, local storage, the single-instance lock):
 * a folder of the OS's per-user application data (Electron's default userData: %APPDATA%\…,
 * ~/Library/Application Support/…, ~/.config/…) — never the workspace's folder, which may be a
 * shared or synced drive and must hold only the analyst's files. One sub-folder per workspace
 * keeps the single-instance lock per workspace: two windows never open one DuckDB file, while
 * two workspaces can still be open side by side.
 */
export function userDataFolderFor(osUserData: string, workspacePath: string, platform: NodeJS.Platform = process.platform): string {
  const resolved = path.resolve(workspacePath);
  // Windows and macOS paths are case-insensitive: one workspace, one folder.
  const key = platform === 'win32' || platform === 'darwin' ? resolved.toLowerCase() : resolved;
  return path.join(osUserData, 'workspaces', createHash('sha256').update(key).digest('hex').slice(0, 16));
}
