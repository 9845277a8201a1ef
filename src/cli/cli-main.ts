// Exports and audit (issue 14)
import { AUDIT_USAGE, auditCommand } from './commands/audit-command';
import { DEMO_USAGE, demoCommand } from './commands/demo-command';
import { FUNNEL_USAGE, funnelCommand } from './commands/funnel-command';
import { IMPORT_USAGE, importCommand } from './commands/import-command';
import { LIFECYCLE_USAGE, lifecycleCommand } from './commands/lifecycle-command';
import { RETENTION_USAGE, retentionCommand } from './commands/retention-command';
import { SURVIVAL_USAGE, survivalCommand } from './commands/survival-command';
import { EXPERIMENT_USAGE, MODEL_USAGE, experimentCommand, modelCommand } from './commands/model-command';
import { PROFILE_USAGE, profileCommand } from './commands/profile-command';
import { RULES_USAGE, rulesCommand } from './commands/rules-command';
import { SEGMENT_USAGE, segmentCommand } from './commands/segment-command';
import { SERVE_USAGE, serveCommand } from './commands/serve-command';
import { SQL_USAGE, sqlCommand } from './commands/sql-command';
import { START_USAGE, startCommand } from './commands/start-command';
import { TAGS_USAGE, tagsCommand } from './commands/tags-command';
// Campaigns (issue 14): build and finalise (exports and the audit come with their own actions).
import { CAMPAIGN_USAGE, campaignCommand } from './commands/campaign-command';
import { asCliError, describeError, errorJson } from './cli-errors';

interface CliCommand {
  run: (argv: string[]) => Promise<number>;
  usage: string;
}

const COMMANDS: Record<string, CliCommand> = {
  start: { run: startCommand, usage: START_USAGE },
  serve: { run: serveCommand, usage: SERVE_USAGE },
  demo: { run: demoCommand, usage: DEMO_USAGE },
  import: { run: importCommand, usage: IMPORT_USAGE },
  profile: { run: profileCommand, usage: PROFILE_USAGE },
  rules: { run: rulesCommand, usage: RULES_USAGE },
  tags: { run: tagsCommand, usage: TAGS_USAGE },
  segment: { run: segmentCommand, usage: SEGMENT_USAGE },
  funnel: { run: funnelCommand, usage: FUNNEL_USAGE },
  model: { run: modelCommand, usage: MODEL_USAGE },
  survival: { run: survivalCommand, usage: SURVIVAL_USAGE },
  retention: { run: retentionCommand, usage: RETENTION_USAGE },
  lifecycle: { run: lifecycleCommand, usage: LIFECYCLE_USAGE },
  experiment: { run: experimentCommand, usage: EXPERIMENT_USAGE },
  sql: { run: sqlCommand, usage: SQL_USAGE },
  audit: { run: auditCommand, usage: AUDIT_USAGE },
  campaign: { run: campaignCommand, usage: CAMPAIGN_USAGE },
};

const HELP_FLAGS = new Set(['--help', '-h']);
/** Errors in how the command was written, not in the work: exit code 2, as for unknown commands. */
const USAGE_ERRORS = new Set(['error.CLI_BAD_OPTION', 'error.CLI_USAGE']);

export function overallUsage(): string {
  return [
    'Segment Workbench — customer segmentation on your own machine',
    '',
    'Usage:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
    '',
    'Every command takes --help. --workspace PATH chooses the workspace file (default: the one the app uses).',
    'A file whose name starts with "-" goes after "--": segment-workbench import --table customers -- -x.csv',
  ].join('\n');
}

/** The options part of a command line: what comes before "--" (after it, everything is a file name or query). */
function optionsPart(argv: string[]): string[] {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
}

/**
 * The command line: dispatches to a command and turns any failure into a message in the user's
 * terms (or, with --json, one JSON error object on stdout) and an exit code — 0 done, 1 failed,
 * 2 bad usage, 130 cancelled.
 */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || HELP_FLAGS.has(name) || name === 'help') {
    const topic = name === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
    process.stdout.write(`${topic ? `Usage:\n  ${topic.usage}` : overallUsage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`error: unknown command "${name}"\n\n${overallUsage()}\n`);
    return 2;
  }
  const options = optionsPart(rest);
  if (options.some((a) => HELP_FLAGS.has(a))) {
    process.stdout.write(`Usage:\n  ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (thrown) {
    const error = asCliError(thrown);
    if (options.includes('--json')) process.stdout.write(`${errorJson(error)}\n`);
    else process.stderr.write(`${describeError(error)}\n`);
    if (error.code === 'CANCELLED') return 130;
    return USAGE_ERRORS.has(error.messageKey) ? 2 : 1;
  }
}
