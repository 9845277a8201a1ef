import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ruleIdSchema, RULE_IDS, ruleWithDefinitionSchema, type RuleInfo } from '../../shared/customer-types';
import { AppError } from '../../shared/errors';
import { workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';

export const RULES_USAGE = [
  'segment-workbench rules list [--workspace PATH] [--json]   the invalid, dormant, value-tier and lifecycle rules with their versions',
  `  segment-workbench rules set RULE KEY=VALUE... | --file DEFINITION.json [--workspace PATH] [--json]   RULE: ${RULE_IDS.join(', ')}`,
  '    e.g. rules set dormant windowMonths=9;  rules set value_tier method=quantiles vipTopShare=0.02 potentialTopShare=0.2',
  '    Saves a new version and applies it to the customer profile (no rebuild). KEY=VALUE changes those keys of the current definition.',
].join('\n');

export async function rulesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workspace: { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [action, ruleName, ...assignments] = positionals;
  if (action === 'list' && ruleName === undefined) {
    return withEngine(workspaceOption(values.workspace), async (client, signal) => {
      const rules = await client.call('rules.list', {}, { signal });
      process.stdout.write(values.json ? `${JSON.stringify(rules, null, 2)}\n` : rules.map(formatRule).join(''));
      return 0;
    });
  }
  if (action !== 'set' || ruleName === undefined) throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${RULES_USAGE}`, {}, 'error.CLI_USAGE');
  const rule = ruleIdSchema.safeParse(ruleName);
  if (!rule.success) throw new AppError('INVALID_ARGUMENT', `there is no rule "${ruleName}": the rules are ${RULE_IDS.join(', ')}`, { rule: ruleName }, 'error.CLI_NO_SUCH_RULE');
  if (assignments.length === 0 && !values.file) throw new AppError('INVALID_ARGUMENT', `rules set ${ruleName} needs KEY=VALUE pairs or --file DEFINITION.json`, { rule: ruleName }, 'error.CLI_USAGE');
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    const current = (await client.call('rules.list', {}, { signal })).find((r) => r.rule === rule.data);
    const base = values.file ? readDefinition(values.file) : { ...(current?.definition ?? {}) };
    for (const assignment of assignments) Object.assign(base, parseAssignment(assignment));
    const checked = ruleWithDefinitionSchema.safeParse({ rule: rule.data, definition: base });
    if (!checked.success) {
      const problems = checked.error.issues.map((i) => `${i.path.filter((p) => p !== 'definition').join('.') || 'definition'}: ${i.message}`).join('; ');
      throw new AppError('INVALID_ARGUMENT', `not a valid ${rule.data} rule: ${problems}`, { rule: rule.data }, 'error.RULE_INVALID_DEFINITION');
    }
    const saved = await client.call('rules.save', checked.data, { signal });
    process.stdout.write(values.json ? `${JSON.stringify(saved, null, 2)}\n` : `saved ${formatRule(saved)}`);
    return 0;
  });
}

function formatRule(r: RuleInfo): string {
  const version = r.version === 0 ? 'built-in default' : `version ${r.version}, saved ${r.updatedAt ?? ''}`;
  return `${r.rule} (${version}): ${JSON.stringify(r.definition)}\n  ${r.description.en}\n`;
}

/** KEY=VALUE: a number where the value reads as one, true/false, otherwise the text. */
function parseAssignment(text: string): Record<string, unknown> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new AppError('INVALID_ARGUMENT', `"${text}" is not KEY=VALUE (e.g. windowMonths=9)`, { value: text }, 'error.CLI_USAGE');
  const key = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  const value = raw === 'true' ? true : raw === 'false' ? false : raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { [key]: value };
}

function readDefinition(file: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'it is not JSON';
    throw new AppError('INVALID_ARGUMENT', `cannot read the rule definition ${file}: ${reason}`, { file }, 'error.CLI_BAD_FILE');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new AppError('INVALID_ARGUMENT', `${file} must hold one JSON object (the rule's definition)`, { file }, 'error.CLI_BAD_FILE');
  // An exported rule ({ rule, definition }) or the bare definition.
  const record = json as Record<string, unknown>;
  return 'definition' in record && record.definition && typeof record.definition === 'object' ? { ...(record.definition as Record<string, unknown>) } : { ...record };
}
