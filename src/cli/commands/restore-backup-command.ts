import { parseArgs } from 'node:util';
import { listBackups, restoreBackup } from '../../engine/workspace-backup';
import { workspaceOption } from '../cli-options';

export const RESTORE_BACKUP_USAGE = 'segment-workbench restore-backup [--workspace PATH] [--backup FILE] [--list]   put the last backup in place of a damaged workspace';

/**
 * A damaged workspace (the engine says so when it cannot open it, naming the last backup) is
 * replaced by a backup: the newest, or the one given. The damaged file is kept beside it.
 */
export async function restoreBackupCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { workspace: { type: 'string' }, backup: { type: 'string' }, list: { type: 'boolean', default: false } } });
  const workspace = workspaceOption(values.workspace);
  if (values.list) {
    for (const backup of listBackups(workspace)) process.stdout.write(`${backup}\n`);
    return 0;
  }
  const { restored, damagedKeptAt } = restoreBackup(workspace, values.backup ?? undefined);
  process.stderr.write(`restored ${workspace} from ${restored}${damagedKeptAt ? `; the damaged file is kept at ${damagedKeptAt}` : ''}\n`);
  return 0;
}
