import type { CsvSettings, FileCheck, FileIssue } from '../../../shared/import-types';
import { formatAppError, type MessageParams, type Translate } from '../../../shared/i18n/i18n';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { baseName } from './file-selection';

/** The per-file check's findings in words (zh/en), for the preview step's file table. */

export function delimiterLabel(t: Translate, delimiter: CsvSettings['delimiter'] | string): string {
  return delimiter === '\t' ? t('import.delimiter.tab') : delimiter;
}

export function beforeText(t: Translate, check: FileCheck | null, hashed: boolean, intlLocale: string): string {
  if (!check || !check.settings) return '';
  if (check.alreadyImported) return t('import.check.before.yes', { table: check.alreadyImported.table, at: formatWhen(check.alreadyImported.at, intlLocale) });
  return hashed ? t('import.check.before.no') : t('import.check.before.unknown');
}

function formatWhen(at: string, intlLocale: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** One finding, in words: the engine's error for a file that cannot be read, else the finding's message. */
export function issueText(t: Translate, issue: FileIssue, intlLocale: string): string {
  if (issue.error) return formatAppError(t, issue.error);
  const params: MessageParams = { ...issue.details };
  if (issue.columns) {
    params.columns = issue.columns.map((c, i) => (issue.targets?.[i] !== undefined ? `${c} → ${issue.targets[i]}` : c)).join(', ');
  }
  if (issue.code === 'delimiter') {
    params.value = delimiterLabel(t, String(issue.details.value));
    params.expected = delimiterLabel(t, String(issue.details.expected));
  }
  if ((issue.code === 'encoding' || issue.code === 'encoding-override') && typeof issue.details.value === 'string') {
    for (const k of ['value', 'expected', 'detected'] as const) if (typeof issue.details[k] === 'string') params[k] = String(issue.details[k]).toUpperCase();
  }
  if (issue.code === 'same-content' && typeof issue.details.file === 'string') params.file = baseName(issue.details.file);
  if (issue.code === 'already-imported' && typeof issue.details.at === 'string') params.at = formatWhen(issue.details.at, intlLocale);
  return t(`import.check.issue.${issue.code}` as MessageKey, params);
}
