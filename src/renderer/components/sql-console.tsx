import { useEffect, useRef, useState } from 'react';
import type { EngineClient } from '../../shared/engine-client';
import { isAppError, toAppError } from '../../shared/errors';
import type { MethodResult } from '../../shared/methods';
import type { Progress } from '../../shared/protocol';
import { sqlErrorPosition, type SqlErrorPosition } from '../../shared/sql-error-position';
import { formatAppError, formatProgress } from '../../shared/i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import { formatCount, formatElapsed, formatMs } from '../format/number-format';

export type SqlRowsResult = Extract<MethodResult<'sql.run'>, { kind: 'rows' }>;

type ConsoleState =
  | { state: 'idle' }
  | { state: 'running'; started: number; progress: Progress | null }
  | { state: 'done'; result: MethodResult<'sql.run'> }
  | { state: 'cancelled' }
  | { state: 'error'; message: string; detail: string | null; position: SqlErrorPosition | null };

const SUPERSEDE_KEY = 'sql-console';

/** The SQL console: runs the analyst's SQL in the engine; a row result opens in the grid. */
export function SqlConsole({
  client,
  unmasked = false,
  onRows,
}: {
  client: EngineClient;
  /** Personal data in clear (the page's unmask switch, after the user gave a reason); else the console reads masked views. */
  unmasked?: boolean;
  onRows: (result: SqlRowsResult) => void;
}) {
  const { t, intlLocale } = useI18n();
  const [sql, setSql] = useState('');
  const [status, setStatus] = useState<ConsoleState>({ state: 'idle' });
  const [now, setNow] = useState(() => performance.now());
  const abortRef = useRef<AbortController | null>(null);
  const runIdRef = useRef(0);

  const running = status.state === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setNow(performance.now()), 100);
    return () => window.clearInterval(timer);
  }, [running]);
  useEffect(() => () => abortRef.current?.abort(), []);

  const run = () => {
    const text = sql.trim();
    if (text === '') return;
    abortRef.current?.abort();
    const abort = new AbortController();
    abortRef.current = abort;
    const runId = ++runIdRef.current;
    const started = performance.now();
    setNow(started);
    setStatus({ state: 'running', started, progress: null });
    client
      .call(
        'sql.run',
        { sql: text, unmasked },
        {
          signal: abort.signal,
          supersede: SUPERSEDE_KEY,
          onProgress: (progress) => {
            if (runIdRef.current === runId) setStatus({ state: 'running', started, progress });
          },
        },
      )
      .then((result) => {
        if (runIdRef.current !== runId) return;
        setStatus({ state: 'done', result });
        // A statement that changed tables is announced by the engine (tables.changed); the views follow.
        if (result.kind === 'rows') onRows(result);
      })
      .catch((reason: unknown) => {
        if (runIdRef.current !== runId) return; // A newer run replaced this one (SUPERSEDED is silent).
        if (isAppError(reason) && reason.code === 'SUPERSEDED') return;
        if (isAppError(reason) && reason.code === 'CANCELLED') setStatus({ state: 'cancelled' });
        else setStatus(errorState(toAppError(reason), text));
      })
      .finally(() => {
        if (abortRef.current === abort) abortRef.current = null;
      });
  };

  const cancel = () => abortRef.current?.abort();

  /** A SQL error keeps DuckDB's whole text (with its "LINE n:" excerpt) and the line and column it points at. */
  const errorState = (error: ReturnType<typeof toAppError>, text: string): ConsoleState => {
    if (error.code !== 'SQL_ERROR') return { state: 'error', message: formatAppError(t, error), detail: null, position: null };
    const position = sqlErrorPosition(error.message, text);
    if (position) window.setTimeout(() => selectPosition(position, text), 0);
    return { state: 'error', message: error.message.split('\n')[0] ?? error.message, detail: error.message, position };
  };
  const inputRef = useRef<HTMLTextAreaElement>(null);
  /** Puts the caret where the error points, so the analyst sees the spot in the editor. */
  const selectPosition = (position: SqlErrorPosition, text: string) => {
    const input = inputRef.current;
    if (!input || input.value.trim() !== text) return;
    const lines = text.split('\n');
    const lead = input.value.length - input.value.trimStart().length;
    let offset = lead;
    for (let i = 0; i < position.line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
    offset += position.column - 1;
    input.setSelectionRange(offset, offset + 1);
  };

  let statusText: string;
  switch (status.state) {
    case 'idle':
      statusText = t('sql.idle');
      break;
    case 'running': {
      const elapsed = formatElapsed(now - status.started);
      const p = status.progress;
      const progress =
        p === null
          ? null
          : p.fraction !== null
            ? `${Math.round(p.fraction * 100)}%`
            : p.rows !== null
              ? t('data.rows', { rows: formatCount(p.rows, intlLocale) })
              : p.message && formatProgress(t, p.message);
      statusText = progress ? t('sql.runningProgress', { elapsed, progress }) : t('sql.running', { elapsed });
      break;
    }
    case 'done':
      statusText =
        status.result.kind === 'rows'
          ? t('sql.doneRows', { rows: formatCount(status.result.rowCount, intlLocale), ms: formatMs(status.result.elapsedMs, intlLocale) })
          : t('sql.doneStatement', { ms: formatMs(status.result.elapsedMs, intlLocale) });
      break;
    case 'cancelled':
      statusText = t('sql.cancelled');
      break;
    case 'error':
      statusText = t('sql.errorPrefix', { message: status.message });
      break;
  }

  return (
    <section className="sql-console" aria-label={t('sql.title')}>
      <div className="pane-title">{t('sql.title')}</div>
      <div className="sql-body">
        <textarea
          ref={inputRef}
          className="sql-input"
          data-testid="sql-input"
          aria-label={t('sql.label')}
          spellCheck={false}
          placeholder={t('sql.placeholder')}
          value={sql}
          onChange={(event) => setSql(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              run();
            }
          }}
        />
        <div className="sql-side">
          <div className="sql-buttons">
            <button type="button" className="button primary" data-testid="sql-run" onClick={run} disabled={sql.trim() === ''}>
              {t('sql.run')}
            </button>
            <button type="button" className="button" data-testid="sql-cancel" onClick={cancel} disabled={!running}>
              {t('sql.cancel')}
            </button>
          </div>
          <div
            className={`sql-status sql-status-${status.state}`}
            data-testid="sql-status"
            data-state={status.state}
            role="status"
            aria-live="polite"
          >
            {statusText}
          </div>
          {status.state === 'error' && status.position && (
            <div className="sql-error-position" data-testid="sql-error-position" data-line={status.position.line} data-column={status.position.column}>
              {t('sql.errorPosition', { line: status.position.line, column: status.position.column })}
            </div>
          )}
          {status.state === 'error' && status.detail && (
            <pre className="sql-error-detail" data-testid="sql-error-detail">
              {status.detail}
            </pre>
          )}
          {running && status.progress?.fraction != null && (
            <progress className="sql-progress" max={1} value={status.progress.fraction} />
          )}
        </div>
      </div>
    </section>
  );
}
