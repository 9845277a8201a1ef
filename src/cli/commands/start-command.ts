import { findElectronBinary, launchElectron } from '../electron-launcher';
import { serveCommand } from './serve-command';

export const START_USAGE = 'segment-workbench start [--workspace PATH]   desktop app, or browser mode where Electron is absent';

/**
 * `npm start`: the desktop app where the Electron runtime is installed; otherwise (an offline
 * machine whose Electron download was blocked) one line saying so, then browser mode.
 */
export async function startCommand(argv: string[]): Promise<number> {
  if (findElectronBinary() !== null) return launchElectron(argv);
  process.stderr.write('Electron runtime not available on this machine (its download is blocked); opening browser mode instead.\n');
  return serveCommand(argv);
}
