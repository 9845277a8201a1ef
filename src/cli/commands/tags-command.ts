import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';

export const TAGS_USAGE = 'segment-workbench tags list [--search TEXT] [--workspace PATH] [--json]   the tag library with each tag\'s members in the current profile';

export async function tagsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workspace: { type: 'string' }, search: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1 || positionals[0] !== 'list') throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${TAGS_USAGE}`, {}, 'error.CLI_USAGE');
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    const tags = await client.call('tags.list', values.search ? { search: values.search } : {}, { signal });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(tags, null, 2)}\n`);
      return 0;
    }
    const members = (n: number | null) => (n === null ? 'no profile yet' : `${n.toLocaleString('en')} customers`);
    for (const t of tags) process.stdout.write(`${t.id}  ${t.nameZh} / ${t.nameEn}  [${t.category}${t.builtIn ? ', built-in' : ''}]  ${members(t.memberCount)}\n`);
    process.stderr.write(`${tags.length} tags\n`);
    return 0;
  });
}
