import { CANONICAL_MODEL, isCanonicalTable } from '../../../shared/canonical-model';
import { DUPLICATE_POLICIES, INVALID_VALUE_POLICIES, type DetectResult, type DuplicatePolicy, type InvalidValuePolicy } from '../../../shared/import-types';
import { formatCount } from '../../format/number-format';
import { useI18n } from '../../i18n/i18n-context';
import type { ImportPlan } from './import-plan';

/**
 * The preview's value checks (what an export nobody here wrote may hold): the share of numbers
 * that keeps a column numeric and what becomes of the rest, the missing-value tokens found in the
 * sample (offered, not assumed), the century of two-digit years, the duplicate-key policy, and the
 * trailer line. Each choice goes into the plan, and so into import.run.
 */
export function ValueChecks({ detected, plan, onPlan, table, disabled }: { detected: DetectResult; plan: ImportPlan; onPlan: (next: ImportPlan) => void; table: string; disabled: boolean }) {
  const { t, intlLocale } = useI18n();
  const keyed = isCanonicalTable(table) && CANONICAL_MODEL[table].key.length > 0;
  const toggleToken = (token: string, on: boolean) =>
    onPlan({ ...plan, nullTokens: on ? [...new Set([...plan.nullTokens, token])] : plan.nullTokens.filter((x) => x !== token) });
  const percentValue = Math.round(plan.numericThreshold * 1000) / 10;
  return (
    <fieldset className="import-value-checks" data-testid="import-value-checks">
      <legend>{t('import.values.title')}</legend>
      <div className="import-target-row">
        <label className="import-field">
          <span>{t('import.values.threshold')}</span>
          <input
            type="number"
            min={50}
            max={100}
            step={0.1}
            data-testid="import-numeric-threshold"
            disabled={disabled}
            value={percentValue}
            onChange={(e) => {
              const value = Number(e.target.value);
              if (Number.isFinite(value) && value >= 50 && value <= 100) onPlan({ ...plan, numericThreshold: value / 100 });
            }}
          />
          <small className="muted">{t('import.values.thresholdHint', { percent: String(percentValue) })}</small>
        </label>
        <label className="import-field">
          <span>{t('import.values.invalid')}</span>
          <select data-testid="import-invalid-values" disabled={disabled} value={plan.invalidValues} onChange={(e) => onPlan({ ...plan, invalidValues: e.target.value as InvalidValuePolicy })}>
            {INVALID_VALUE_POLICIES.map((p) => (
              <option key={p} value={p}>
                {t(`import.values.invalid.${p}`)}
              </option>
            ))}
          </select>
        </label>
        {keyed && (
          <label className="import-field">
            <span>{t('import.values.duplicates')}</span>
            <select data-testid="import-duplicates" disabled={disabled} value={plan.duplicates} onChange={(e) => onPlan({ ...plan, duplicates: e.target.value as DuplicatePolicy })}>
              {DUPLICATE_POLICIES.map((p) => (
                <option key={p} value={p}>
                  {t(`import.values.duplicates.${p}`)}
                </option>
              ))}
            </select>
            <small className="muted">{t('import.values.duplicatesHint', { key: CANONICAL_MODEL[table].key.join(', ') })}</small>
          </label>
        )}
      </div>

      {detected.nearNumeric.length > 0 && (
        <ul className="import-value-notes" data-testid="import-near-numeric">
          {detected.nearNumeric.map((c) => (
            <li key={c.column} data-column={c.column}>
              {t('import.values.nearNumeric', { column: c.column, others: formatCount(c.others, intlLocale), total: formatCount(c.numbers + c.others, intlLocale), examples: c.examples.join(', ') })}
            </li>
          ))}
        </ul>
      )}

      {detected.missingTokens.length > 0 && (
        <div className="import-missing-tokens" data-testid="import-missing-tokens">
          <span>{t('import.values.missingTokens')}</span>
          {detected.missingTokens.map((m) => (
            <label key={m.token} className="import-field-inline">
              <input type="checkbox" data-testid={`import-null-token-${m.token}`} disabled={disabled} checked={plan.nullTokens.includes(m.token)} onChange={(e) => toggleToken(m.token, e.target.checked)} />
              <span>{t('import.values.missingToken', { token: m.token, count: formatCount(m.count, intlLocale), columns: m.columns.join(', ') })}</span>
            </label>
          ))}
        </div>
      )}

      {detected.centuries.length > 0 && (
        <div className="import-centuries" data-testid="import-centuries">
          {detected.centuries.map((c) => (
            <p key={c.column} data-column={c.column}>
              {plan.centuryPivot === null
                ? t(`import.values.century.${c.source}`, { column: c.column, reference: c.reference })
                : t('import.values.century.user', { column: c.column, pivot: String(plan.centuryPivot).padStart(2, '0') })}
            </p>
          ))}
          <label className="import-field-inline">
            <span>{t('import.values.centuryPivot')}</span>
            <input
              type="number"
              min={0}
              max={99}
              data-testid="import-century-pivot"
              disabled={disabled}
              placeholder={t('import.values.centuryAuto')}
              value={plan.centuryPivot ?? ''}
              onChange={(e) => {
                const raw = e.target.value.trim();
                const n = Number(raw);
                onPlan({ ...plan, centuryPivot: raw === '' || !Number.isInteger(n) || n < 0 || n > 99 ? null : n });
              }}
            />
          </label>
        </div>
      )}

      {detected.trailer && (
        <p data-testid="import-trailer" data-stated={detected.trailer.statedRows ?? ''}>
          {detected.trailer.statedRows === null
            ? t('import.values.trailer', { text: detected.trailer.text })
            : t('import.values.trailerCount', { text: detected.trailer.text, count: formatCount(detected.trailer.statedRows, intlLocale) })}
        </p>
      )}
      {detected.lineEndings === 'mixed' && <p data-testid="import-mixed-endings">{t('import.values.mixedEndings')}</p>}
      {(Object.keys(plan.valueMaps).length > 0 || plan.lookups.length > 0) && (
        <p className="muted" data-testid="import-preset-maps">
          {t('import.values.presetMaps', { maps: Object.keys(plan.valueMaps).join(', ') || '—', lookups: plan.lookups.map((l) => `${l.column} ← ${l.table}.${l.value}`).join('; ') || '—' })}
        </p>
      )}
    </fieldset>
  );
}
