import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError } from '../../../shared/errors';
import type { FileEntry } from '../../../shared/file-methods';
import type { RunResult } from '../../../shared/import-types';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { expandSelection, MAX_IMPORT_FILES, selectionBytes, unsupportedFiles, withoutFiles, type SelectedItem } from './file-selection';
import { FileStep } from './file-step';
import { blockReasons, checkRequestFor, effectiveTable, INITIAL_PLAN, runParamsFor, type CheckRequest, type ImportPlan } from './import-plan';
import { buildMappingRows } from './mapping-draft';
import { PreviewStep } from './preview-step';
import { ReplaceConfirm, type ReplaceTarget } from './replace-confirm';
import { RunStep, type RunningImport } from './run-step';
import { SummaryStep } from './summary-step';
import { useDetect } from './use-detect';
import { flaggedFiles, useFileCheck } from './use-file-check';

type Step = 'files' | 'preview' | 'run' | 'summary';
const STEPS: ReadonlyArray<[Step, MessageKey]> = [
  ['files', 'import.step.files'],
  ['preview', 'import.step.preview'],
  ['run', 'import.step.run'],
  ['summary', 'import.step.summary'],
];

type Notice = { kind: 'cancelled' } | { kind: 'failed'; message: string } | null;

/**
 * The import wizard (Data page → Import): choose files → preview and mapping → run → summary.
 * A modal <dialog>: Escape closes it, except while an import runs (Cancel stops that first).
 */
export function ImportWizard({
  client,
  onClose,
  onOpenTable,
}: {
  client: EngineClient;
  onClose: () => void;
  onOpenTable: (table: string) => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement | null>(null);
  const [step, setStep] = useState<Step>('files');
  const [selection, setSelection] = useState<SelectedItem[]>([]);
  const [browseDir, setBrowseDir] = useState<string | null>(null);
  /** A ticked folder brings its sub-folders' data files too (monthly exports in a folder per year). */
  const [includeSubfolders, setIncludeSubfolders] = useState(true);
  const [files, setFiles] = useState<SelectedItem[]>([]);
  const [stepError, setStepError] = useState<string | null>(null);
  const [expanding, setExpanding] = useState(false);
  const [plan, setPlan] = useState<ImportPlan>(INITIAL_PLAN);
  const [run, setRun] = useState<RunningImport | null>(null);
  const [result, setResult] = useState<RunResult | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [replacing, setReplacing] = useState<ReplaceTarget | null>(null);
  const runController = useRef<AbortController | null>(null);

  const detect = useDetect(client, step === 'files' ? null : (files[0]?.path ?? null), plan.overrides, plan.table, plan.sheets?.[0] ?? null);
  const rows = useMemo(() => (detect.result ? buildMappingRows(detect.result, plan.edits) : []), [detect.result, plan.edits]);
  // Several files: each is checked against the first one's plan (while detection re-runs, the last check stays).
  // When the first file cannot be read there is no plan yet: the check then says why, and it can be dropped.
  const several = step === 'preview' && files.length > 1;
  const checkRequest: CheckRequest | null = !several
    ? null
    : detect.status === 'error'
      ? { files: files.map((f) => f.path), overrides: plan.overrides, ...(plan.table !== null ? { table: plan.table } : {}) }
      : detect.result
        ? checkRequestFor(plan, detect.result, rows, files.map((f) => f.path))
        : null;
  const fileCheck = useFileCheck(client, checkRequest, detect.status === 'detecting');

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => runController.current?.abort();
  }, []);

  const running = run !== null;
  const close = useCallback(() => {
    if (!running) onClose();
  }, [running, onClose]);

  const toPreview = async () => {
    setStepError(null);
    setExpanding(true);
    try {
      const folders = new Map<string, FileEntry[]>();
      const skipped: string[] = [];
      for (const item of selection) {
        if (item.kind !== 'dir') continue;
        const listed = await client.call('files.dataFiles', { dir: item.path, recursive: includeSubfolders });
        folders.set(item.path, listed.files);
        skipped.push(...listed.skipped.map((s) => `${item.name}/${s}`));
      }
      const expanded = expandSelection(selection, folders);
      if (expanded.length === 0) {
        setStepError(t('import.expandEmpty'));
        return;
      }
      if (expanded.length > MAX_IMPORT_FILES) {
        setStepError(t('import.tooManyFiles', { count: expanded.length, limit: MAX_IMPORT_FILES }));
        return;
      }
      const unsupported = unsupportedFiles(expanded);
      if (unsupported.length > 0) {
        setStepError(unsupported.map((f) => t('import.unsupportedFormat', { name: f.name })).join(' '));
        return;
      }
      const sameFiles = expanded.length === files.length && expanded.every((f, i) => f.path === files[i]?.path);
      if (!sameFiles) setPlan(INITIAL_PLAN);
      setFiles(expanded);
      setNotice(null);
      setStep('preview');
      if (skipped.length > 0) setStepError(t('import.skippedFolders', { folders: skipped.join(', ') }));
    } catch (reason) {
      if (!isCancellation(reason)) setStepError(formatAppError(t, toAppError(reason)));
    } finally {
      setExpanding(false);
    }
  };

  /** Replace mode into a table that holds rows: say which table and how many rows first (issue 13 item 8). */
  const requestStart = async () => {
    const detected = detect.result;
    if (!detected || detect.status !== 'ready') return;
    if (plan.mode === 'replace') {
      const table = effectiveTable(plan, detected);
      try {
        const info = (await client.call('tables.list', {})).find((tbl) => tbl.schema === 'main' && tbl.name === table);
        if (info && info.rowCount > 0) {
          setReplacing({ table, rows: info.rowCount });
          return;
        }
      } catch (reason) {
        setStepError(formatAppError(t, toAppError(reason)));
        return;
      }
    }
    start();
  };

  const start = () => {
    setReplacing(null);
    const detected = detect.result;
    if (!detected || detect.status !== 'ready') return;
    const params = runParamsFor(plan, detected, rows, files.map((f) => f.path));
    const controller = new AbortController();
    runController.current = controller;
    const started: RunningImport = {
      table: effectiveTable(plan, detected),
      fileCount: files.length,
      totalBytes: selectionBytes(files),
      startedAt: performance.now(),
      progress: null,
      cancelling: false,
    };
    setRun(started);
    setNotice(null);
    // Writes to the workspace queue in the engine (another import, a profile build): this one says it
    // waits, then runs; import.run rebuilds a profile it makes stale itself, in the same queued write.
    setStep('run');
    client
      .call('import.run', params, { signal: controller.signal, onProgress: (progress) => setRun((r) => (r ? { ...r, progress } : r)) })
      .then(
        (summary) => {
          setResult(summary);
          setStep('summary');
        },
        (reason: unknown) => {
          setNotice(isCancellation(reason) ? { kind: 'cancelled' } : { kind: 'failed', message: formatAppError(t, toAppError(reason)) });
          setStep('preview');
        },
      )
      .finally(() => {
        runController.current = null;
        setRun(null);
      });
  };

  /** Drops files from the import (the preview follows the first one left); none left: back to choosing. */
  const dropFiles = (paths: string[]) => {
    const next = withoutFiles(files, paths);
    setFiles(next);
    if (next.length === 0) setStep('files');
  };

  const cancelRun = () => {
    setRun((r) => (r ? { ...r, cancelling: true } : r));
    runController.current?.abort();
  };

  const importMore = () => {
    setSelection([]);
    setFiles([]);
    setResult(null);
    setPlan(INITIAL_PLAN);
    setStep('files');
  };

  const paths = files.map((f) => f.path);
  const filesVerdict = files.length > 1 ? { checking: fileCheck.state.status === 'checking', flagged: flaggedFiles(fileCheck.state.result, paths).length } : undefined;
  const blocked = detect.result ? blockReasons(plan, detect.result, rows, files.length, filesVerdict) : ['no-files'];
  const stepIndex = STEPS.findIndex(([id]) => id === step);

  return (
    <dialog
      ref={dialog}
      className="import-wizard"
      data-testid="import-wizard"
      data-step={step}
      aria-labelledby="import-wizard-title"
      onCancel={(event) => {
        event.preventDefault(); // Escape: close only when nothing runs
        close();
      }}
    >
      <header className="import-wizard-head">
        <h2 id="import-wizard-title">{t('import.title')}</h2>
        <ol className="import-steps">
          {STEPS.map(([id, label], i) => (
            <li key={id} className={i === stepIndex ? 'current' : i < stepIndex ? 'done' : undefined} aria-current={i === stepIndex ? 'step' : undefined}>
              <span className="import-step-number">{i + 1}</span> {t(label)}
            </li>
          ))}
        </ol>
        <button type="button" className="link-button import-close" data-testid="import-close" aria-label={t('import.close')} onClick={close} disabled={running}>
          ×
        </button>
      </header>

      <div className="import-wizard-body">
        {notice && (
          <div className={notice.kind === 'cancelled' ? 'import-notice' : 'banner-error'} role="alert" data-testid={notice.kind === 'cancelled' ? 'import-cancelled' : 'import-failed'}>
            {notice.kind === 'cancelled' ? t('import.cancelled') : `${t('import.failed')} ${notice.message}`}
          </div>
        )}
        {step === 'files' && (
          <FileStep
            client={client}
            selection={selection}
            onSelection={setSelection}
            initialDir={browseDir}
            onDir={setBrowseDir}
            includeSubfolders={includeSubfolders}
            onIncludeSubfolders={setIncludeSubfolders}
          />
        )}
        {step === 'preview' && (
          <PreviewStep
            client={client}
            files={files}
            detect={detect}
            plan={plan}
            onPlan={setPlan}
            rows={rows}
            check={fileCheck.state}
            onDropFiles={dropFiles}
            onCancelCheck={fileCheck.cancel}
            onRetryCheck={fileCheck.retry}
          />
        )}
        {step === 'run' && run && <RunStep run={run} onCancel={cancelRun} />}
        {step === 'summary' && result && <SummaryStep client={client} result={result} />}
        {stepError && (
          <p className="error-text" role="alert" data-testid="import-step-error">
            {stepError}
          </p>
        )}
      </div>

      <footer className="import-wizard-foot">
        {step === 'files' && (
          <>
            <button type="button" className="button" onClick={close}>
              {t('import.close')}
            </button>
            <button type="button" className="button primary" data-testid="import-next" disabled={selection.length === 0 || expanding} onClick={() => void toPreview()}>
              {t('import.next')}
            </button>
          </>
        )}
        {step === 'preview' && (
          <>
            <button type="button" className="button" data-testid="import-back" onClick={() => setStep('files')}>
              {t('import.back')}
            </button>
            {replacing ? (
              <ReplaceConfirm target={replacing} onConfirm={start} onCancel={() => setReplacing(null)} />
            ) : (
              <button type="button" className="button primary" data-testid="import-start" disabled={detect.status !== 'ready' || blocked.length > 0} data-blocked={blocked.join(',')} onClick={() => void requestStart()}>
                {t('import.start')}
              </button>
            )}
          </>
        )}
        {step === 'summary' && result && (
          <>
            <button type="button" className="button" data-testid="import-another" onClick={importMore}>
              {t('import.another')}
            </button>
            <button
              type="button"
              className="button"
              data-testid="import-open-table"
              onClick={() => {
                onOpenTable(result.table);
                onClose();
              }}
            >
              {t('import.openTable')}
            </button>
            <button type="button" className="button primary" data-testid="import-done" onClick={onClose}>
              {t('import.done')}
            </button>
          </>
        )}
      </footer>
    </dialog>
  );
}
