import { DELIMITERS, ENCODINGS, type CsvSettings, type DetectResult } from '../../../shared/import-types';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { useI18n } from '../../i18n/i18n-context';

type Overrides = Partial<CsvSettings>;

const DELIMITER_LABELS: Record<(typeof DELIMITERS)[number], MessageKey> = {
  ',': 'import.delimiter.comma',
  ';': 'import.delimiter.semicolon',
  '|': 'import.delimiter.pipe',
  '\t': 'import.delimiter.tab',
};
const QUOTES: ReadonlyArray<[CsvSettings['quote'], MessageKey]> = [
  ['"', 'import.quote.double'],
  ["'", 'import.quote.single'],
  ['', 'import.quote.none'],
];

/**
 * How the file is read, as detected, each setting with an override. A changed setting is marked
 * "set by you" and re-runs detection; "use the detected settings" drops every override.
 */
export function SettingsPanel({
  format,
  settings,
  encodingConfidence,
  overrides,
  onOverrides,
  disabled,
}: {
  /** Excel has no encoding, delimiter or quote: only the header row applies. */
  format: DetectResult['format'];
  settings: CsvSettings;
  encodingConfidence: number;
  overrides: Overrides;
  onOverrides: (next: Overrides) => void;
  disabled: boolean;
}) {
  const { t } = useI18n();
  const set = <K extends keyof CsvSettings>(key: K, value: CsvSettings[K]) => onOverrides({ ...overrides, [key]: value });
  const mark = (key: keyof CsvSettings) =>
    key in overrides ? (
      <span className="import-overridden" data-testid={`import-overridden-${key}`}>
        {t('import.overridden')}
      </span>
    ) : null;

  return (
    <fieldset className="import-settings" disabled={disabled}>
      <legend>{t('import.settings')}</legend>
      {format === 'csv' && (
        <>
      <label className="import-field">
        <span>
          {t('import.encoding')} {mark('encoding')}
        </span>
        <select data-testid="import-encoding" value={settings.encoding} onChange={(e) => set('encoding', e.target.value as CsvSettings['encoding'])}>
          {ENCODINGS.map((encoding) => (
            <option key={encoding} value={encoding}>
              {encoding.toUpperCase()}
            </option>
          ))}
        </select>
        {!('encoding' in overrides) && <small className="muted">{t('import.encodingConfidence', { percent: percent(encodingConfidence) })}</small>}
      </label>
      <label className="import-field">
        <span>
          {t('import.delimiter')} {mark('delimiter')}
        </span>
        <select data-testid="import-delimiter" value={settings.delimiter} onChange={(e) => set('delimiter', e.target.value as CsvSettings['delimiter'])}>
          {DELIMITERS.map((d) => (
            <option key={d} value={d}>
              {t(DELIMITER_LABELS[d])}
            </option>
          ))}
        </select>
      </label>
      <label className="import-field">
        <span>
          {t('import.quote')} {mark('quote')}
        </span>
        <select data-testid="import-quote" value={settings.quote} onChange={(e) => set('quote', e.target.value as CsvSettings['quote'])}>
          {QUOTES.map(([value, label]) => (
            <option key={label} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </label>
        </>
      )}
      {/* Parquet carries its own column names and types: no header row to choose. */}
      {format !== 'parquet' && (
      <>
      <label className="import-field">
        <span>
          {format === 'xlsx' && settings.hasHeader ? t('import.sheetRow') : settings.hasHeader ? t('import.headerLine') : t('import.firstDataLine')} {mark('headerLine')}
        </span>
        <input
          type="number"
          min={1}
          max={1001}
          data-testid="import-header-line"
          value={settings.headerLine + 1}
          onChange={(e) => {
            const line = Number(e.target.value);
            if (Number.isInteger(line) && line >= 1 && line <= 1001) set('headerLine', line - 1);
          }}
        />
      </label>
      <label className="import-field import-field-inline">
        <input type="checkbox" data-testid="import-has-header" checked={settings.hasHeader} onChange={(e) => set('hasHeader', e.target.checked)} />
        <span>
          {t('import.hasHeader')} {mark('hasHeader')}
        </span>
      </label>
      </>
      )}
      {Object.keys(overrides).length > 0 && (
        <button type="button" className="button" data-testid="import-reset-settings" onClick={() => onOverrides({})}>
          {t('import.resetSettings')}
        </button>
      )}
    </fieldset>
  );
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
