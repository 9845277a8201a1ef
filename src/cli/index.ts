#!/usr/bin/env node
import { isAppError } from '../shared/errors';
import { DEMO_USAGE, demoCommand } from './commands/demo-command';
import { IMPORT_USAGE, importCommand } from './commands/import-command';
import { SEGMENT_USAGE, segmentCommand } from './commands/segment-command';
import { SERVE_USAGE, serveCommand } from './commands/serve-command';
import { SQL_USAGE, sqlCommand } from './commands/sql-command';
import { RESTORE_BACKUP_USAGE, restoreBackupCommand } from './commands/restore-backup-command';
import { startCommand } from './commands/start-command';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; usage: string }> = {
  start: { run: startCommand, usage: 'segment-workbench start [--workspace PATH]   desktop app, or browser mode where Electron is absent' },
  serve: { run: serveCommand, usage: SERVE_USAGE },
  demo: { run: demoCommand, usage: DEMO_USAGE },
  sql: { run: sqlCommand, usage: SQL_USAGE },
  import: { run: importCommand, usage: IMPORT_USAGE },
  segment: { run: segmentCommand, usage: SEGMENT_USAGE },
  'restore-backup': { run: restoreBackupCommand, usage: RESTORE_BACKUP_USAGE },
};

function usage(): string {
  return ['Segment Workbench — customer segmentation on your own machine', '', 'Usage:', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    process.stderr.write(`${describeError(error)}\n`);
    return isAppError(error) && error.code === 'CANCELLED' ? 130 : 1;
  }
}

/** Users never see a stack trace: the message and the details that help them act. */
function describeError(error: unknown): string {
  if (isAppError(error)) {
    const details = Object.entries(error.details)
      .filter(([key]) => key !== 'duckdb' || !error.message.includes(String(error.details.duckdb)))
      .map(([key, value]) => `  ${key}: ${value}`);
    return [`error: ${error.message}`, ...details].join('\n');
  }
  if (error instanceof TypeError && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
    return `error: ${error.message}`;
  }
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
