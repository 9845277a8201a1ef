import type { ImportReject } from '../../../shared/import-types';
import { hasMessage, type Translate } from '../../../shared/i18n/i18n';

/**
 * A rejected row's reason in the user's language, from its code and parameters; the expected kind
 * (date, decimal…) is translated too when it is one of the import's kinds.
 */
export function rejectReasonText(t: Translate, reject: Pick<ImportReject, 'code' | 'params'>): string {
  const params = { ...reject.params };
  const kindKey = `import.kind.${String(params.expected ?? '')}`;
  if (params.expected !== undefined && hasMessage(kindKey)) params.expected = t(kindKey).toLowerCase();
  const key = `reject.${reject.code}`;
  return hasMessage(key) ? t(key, params) : t('reject.other');
}
