import { useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { toAppError } from '../../../shared/errors';
import type { MethodResult } from '../../../shared/methods';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';

/**
 * The dictionary to an Excel workbook: a path on the engine's machine, as the campaign export
 * takes it (in browser mode too — the engine writes the file, the browser never holds it).
 */
export function DictionaryExport({ client }: { client: EngineClient }) {
  const { t, intlLocale } = useI18n();
  const [outPath, setOutPath] = useState('');
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<MethodResult<'dictionary.export'> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    setResult(null);
    try {
      setResult(await client.call('dictionary.export', { outPath: outPath.trim() }));
    } catch (failure) {
      setError(formatAppError(t, toAppError(failure)));
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="dictionary-export" data-testid="dictionary-export">
      <label>
        {t('dictionary.export.file')}
        <input value={outPath} placeholder="~/Documents/数据字典.xlsx" onChange={(e) => setOutPath(e.target.value)} data-testid="dictionary-export-path" />
      </label>
      <button type="button" className="button primary" disabled={outPath.trim() === '' || running} onClick={() => void run()} data-testid="dictionary-export-run">
        {t(running ? 'dictionary.export.running' : 'dictionary.export.run')}
      </button>
      {result && (
        <span className="muted" data-testid="dictionary-export-result" data-rows={result.rows}>
          {t('dictionary.export.done', { rows: formatCount(result.rows, intlLocale), path: result.files[0]?.path ?? '' })}
        </span>
      )}
      {error && (
        <span className="error-text" role="alert" data-testid="dictionary-export-error">
          {error}
        </span>
      )}
    </div>
  );
}
