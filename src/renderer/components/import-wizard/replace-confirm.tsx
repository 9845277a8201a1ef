import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n-context';

/** The table a replace-mode import would empty, and the rows it holds now. */
export interface ReplaceTarget {
  table: string;
  rows: number;
}

/**
 * Asks before a replace-mode import empties a table that holds rows: names the table and its row
 * count. The safe button (keep the table) has the focus, so Enter never replaces by accident.
 */
export function ReplaceConfirm({ target, onConfirm, onCancel }: { target: ReplaceTarget; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const safe = useRef<HTMLButtonElement>(null);
  useEffect(() => safe.current?.focus(), []);
  return (
    <div className="replace-confirm" role="alertdialog" data-testid="import-replace-confirm" data-table={target.table} data-rows={target.rows}>
      <span>{t('import.replaceConfirm.message', { table: target.table, rows: target.rows.toLocaleString() })}</span>
      <button type="button" className="button" ref={safe} data-testid="import-replace-cancel" onClick={onCancel}>
        {t('import.replaceConfirm.cancel')}
      </button>
      <button type="button" className="button danger" data-testid="import-replace-ok" onClick={onConfirm}>
        {t('import.replaceConfirm.ok', { table: target.table })}
      </button>
    </div>
  );
}
