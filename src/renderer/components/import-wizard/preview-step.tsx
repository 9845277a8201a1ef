import type { EngineClient } from '../../../shared/engine-client';
import { CANONICAL_TABLES, NUMERIC_DIRECTIONS, type NumericDirection } from '../../../shared/import-types';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { effectiveTable, readsDirection, selectedSheets, toggleSheet, withTable, type ImportPlan } from './import-plan';
import { duplicateTargets, missingKeyColumns, setTarget, setType, type MappingRow } from './mapping-draft';
import { MappingTable } from './mapping-table';
import { PresetBar } from './preset-bar';
import { PreviewTable } from './preview-table';
import { percent, SettingsPanel } from './settings-panel';
import type { SelectedItem } from './file-selection';
import { FileCheckPanel } from './file-check';
import type { DetectState } from './use-detect';
import { importedBefore, type FileCheckState } from './use-file-check';
import { ValueChecks } from './value-checks';

export function tableLabelKey(table: string): MessageKey | null {
  return (CANONICAL_TABLES as readonly string[]).includes(table) ? (`import.table.${table}` as MessageKey) : null;
}

/**
 * Step 2: the decoded preview with every reading setting overridable, the target table and mode,
 * the "already imported" question, and the editable column mapping.
 */
export function PreviewStep({
  client,
  files,
  detect,
  plan,
  onPlan,
  rows,
  check,
  onDropFiles,
  onCancelCheck,
  onRetryCheck,
}: {
  client: EngineClient;
  files: SelectedItem[];
  detect: DetectState;
  plan: ImportPlan;
  onPlan: (next: ImportPlan) => void;
  rows: MappingRow[];
  /** Several files: each one checked against the first and the plan. */
  check: FileCheckState;
  onDropFiles: (paths: string[]) => void;
  onCancelCheck: () => void;
  onRetryCheck: () => void;
}) {
  const { t, intlLocale } = useI18n();
  const detected = detect.result;
  const busy = detect.status === 'detecting';
  const first = files[0];
  const several = files.length > 1;
  const before = several ? importedBefore(check.result, files.map((f) => f.path)) : [];

  return (
    <div className="import-preview-step" data-testid="import-preview-step" data-state={detect.status}>
      <div className="import-preview-head">
        <strong title={first?.path}>{t('import.previewOf', { file: first?.name ?? '' })}</strong>
        {files.length > 1 && <span className="muted"> {t('import.moreFiles', { count: files.length - 1 })}</span>}
        {busy && (
          <span className="import-busy" data-testid="import-detecting">
            <span className="spinner small" aria-hidden="true" /> {t('import.detecting')}
          </span>
        )}
      </div>
      {detect.status === 'error' && (
        <p className="error-text" role="alert" data-testid="import-detect-error">
          {formatAppError(t, detect.error)}
        </p>
      )}
      {several && <FileCheckPanel files={files} check={check} onDrop={onDropFiles} onCancel={onCancelCheck} onRetry={onRetryCheck} />}
      {detected && (
        <>
          {detected.format === 'xlsx' && detected.sheets && (
            <fieldset className="import-sheets" data-testid="import-sheets">
              <legend>{t('import.sheets')}</legend>
              {detected.sheets.map((sheet) => (
                <label key={sheet.name} className="import-field-inline">
                  <input
                    type="checkbox"
                    data-testid={`import-sheet-${sheet.name}`}
                    checked={selectedSheets(plan, detected).includes(sheet.name)}
                    onChange={() => onPlan(toggleSheet(plan, detected, sheet.name))}
                  />
                  <span>{sheet.name}</span>
                </label>
              ))}
            </fieldset>
          )}
          <SettingsPanel
            format={detected.format}
            settings={detected.settings}
            encodingConfidence={detected.encodingConfidence}
            overrides={plan.overrides}
            onOverrides={(overrides) => onPlan({ ...plan, overrides })}
            disabled={false}
          />
          <PreviewTable detected={detected} />

          <div className="import-target-row">
            <label className="import-field">
              <span>{t('import.table')}</span>
              <select data-testid="import-table" value={effectiveTable(plan, detected)} onChange={(e) => onPlan(withTable(plan, e.target.value))}>
                {detected.tableScores.map((score) => {
                  const key = tableLabelKey(score.table);
                  return (
                    <option key={score.table} value={score.table}>
                      {t('import.tableOption', { name: key ? `${t(key)} · ${score.table}` : score.table, percent: percent(score.confidence) })}
                    </option>
                  );
                })}
              </select>
              {plan.table === null && (
                <small className="muted" data-testid="import-table-confidence">
                  {t('import.tableConfidence', { percent: percent(detected.suggestedTable.confidence) })}
                </small>
              )}
            </label>
            <label className="import-field">
              <span>{t('import.mode')}</span>
              <select data-testid="import-mode" value={plan.mode} onChange={(e) => onPlan({ ...plan, mode: e.target.value === 'append' ? 'append' : 'replace' })}>
                <option value="replace">{t('import.mode.replace')}</option>
                <option value="append">{t('import.mode.append')}</option>
              </select>
            </label>
          </div>

          {several && before.length > 0 && (
            <div className="import-warning" role="alert" data-testid="import-already-many" data-count={before.length}>
              <p>{t('import.alreadyMany', { count: before.length })}</p>
              <label className="import-field-inline">
                <input type="checkbox" data-testid="import-reimport" checked={plan.allowReimport} onChange={(e) => onPlan({ ...plan, allowReimport: e.target.checked })} />
                <span>{t('import.reimportMany')}</span>
              </label>
            </div>
          )}
          {!several && detected.alreadyImported && (
            <div className="import-warning" role="alert" data-testid="import-already">
              <p>
                {t('import.already', {
                  table: detected.alreadyImported.table,
                  at: formatWhen(detected.alreadyImported.at, intlLocale),
                })}
              </p>
              <label className="import-field-inline">
                <input type="checkbox" data-testid="import-reimport" checked={plan.allowReimport} onChange={(e) => onPlan({ ...plan, allowReimport: e.target.checked })} />
                <span>{t('import.reimport')}</span>
              </label>
            </div>
          )}

          <div className="import-subtitle">{t('import.mapping')}</div>
          <PresetBar client={client} detected={detected} plan={plan} onPlan={onPlan} rows={rows} />
          <MappingTable
            table={effectiveTable(plan, detected)}
            rows={rows}
            duplicates={duplicateTargets(rows)}
            disabled={busy}
            onTarget={(row, target) => onPlan({ ...plan, edits: setTarget(plan.edits, row, target) })}
            onType={(row, kind) => onPlan({ ...plan, edits: setType(plan.edits, row.source, kind) })}
          />
          {readsDirection(effectiveTable(plan, detected), rows) && (
            <label className="import-field import-field-inline" data-testid="import-numeric-direction-field">
              <span>{t('import.numericDirection')}</span>
              <select
                data-testid="import-numeric-direction"
                disabled={busy}
                value={plan.numericDirection}
                onChange={(e) => onPlan({ ...plan, numericDirection: e.target.value as NumericDirection })}
              >
                {NUMERIC_DIRECTIONS.map((d) => (
                  <option key={d} value={d}>
                    {t(`import.numericDirection.${d}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <MappingNotes plan={plan} table={effectiveTable(plan, detected)} rows={rows} />
          <ValueChecks detected={detected} plan={plan} onPlan={onPlan} table={effectiveTable(plan, detected)} disabled={busy} />
        </>
      )}
    </div>
  );
}

function MappingNotes({ plan, table, rows }: { plan: ImportPlan; table: string; rows: MappingRow[] }) {
  const { t } = useI18n();
  const duplicates = duplicateTargets(rows);
  const missingKey = missingKeyColumns(table, rows);
  return (
    <div className="import-notes">
      {duplicates.length > 0 && (
        <p className="error-text" role="alert" data-testid="import-duplicate-targets">
          {t('import.mapping.duplicate', { columns: duplicates.join(', ') })}
        </p>
      )}
      {plan.mode === 'append' && missingKey.length > 0 && (
        <p className="import-warning-text" data-testid="import-missing-key">
          {t('import.mapping.missingKey', { columns: missingKey.join(', ') })}
        </p>
      )}
      <p className="muted">{t('import.mapping.unmappedKept')}</p>
    </div>
  );
}

function formatWhen(at: string, intlLocale: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
