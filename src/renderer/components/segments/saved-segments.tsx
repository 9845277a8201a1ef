import { useMemo, useRef, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';
import type { MatchReport, SavedSegment, SegmentCondition, SegmentSummary } from '../../../shared/segment-types';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { ruleToDraft } from './condition-draft';
import { describeDraft } from './describe-condition';
import { dedupeIds, parseIdList } from '../../../shared/id-list';
import { uploadText } from '../../../shared/upload-client';
import { versionChanges, type VersionChange } from './version-changes';

/** A saved segment's member count: frozen for static ones, counted (as of the profile date) for dynamic ones. */
function useSegmentCount(client: EngineClient, segment: SegmentSummary): number | null {
  const counted = useEngineQuery(client, 'segment.count', segment.memberCount === null ? { rule: { kind: 'segment', segment: segment.id } } : null, {
    supersede: `segment-list-count-${segment.id}`,
  });
  return segment.memberCount ?? counted.data?.count ?? null;
}

function shortDate(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

/** The saved segments: name, owner, changed, count; open one, or tick several for their overlap. */
export function SegmentList({
  client,
  segments,
  error,
  openId,
  selected,
  onToggle,
  onOpen,
}: {
  client: EngineClient;
  segments: SegmentSummary[] | null;
  error: AppError | null;
  openId: string | null;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="segment-list" data-testid="segment-list" data-count={segments?.length ?? undefined}>
      {error && <div className="error-text">{formatAppError(t, error)}</div>}
      {segments && segments.length === 0 && <div className="muted segment-list-empty">{t('segments.list.none')}</div>}
      <ul>
        {segments?.map((segment) => (
          <SegmentListItem key={segment.id} client={client} segment={segment} open={segment.id === openId} selected={selected.has(segment.id)} onToggle={() => onToggle(segment.id)} onOpen={() => onOpen(segment.id)} />
        ))}
      </ul>
    </div>
  );
}

function SegmentListItem({ client, segment, open, selected, onToggle, onOpen }: { client: EngineClient; segment: SegmentSummary; open: boolean; selected: boolean; onToggle: () => void; onOpen: () => void }) {
  const { t, intlLocale } = useI18n();
  const count = useSegmentCount(client, segment);
  return (
    <li className={open ? 'segment-item open' : 'segment-item'} data-testid={`segment-list-item-${segment.name}`} data-id={segment.id} data-count={count ?? undefined}>
      <input type="checkbox" checked={selected} onChange={onToggle} aria-label={t('segments.list.selectForOverlap', { name: segment.name })} data-testid={`segment-select-${segment.name}`} />
      <button type="button" className="segment-item-open" onClick={onOpen} data-testid={`segment-open-${segment.name}`}>
        <span className="segment-item-name">
          {segment.name}
          {segment.kind === 'static' && <span className="chip">{t('segments.list.static')}</span>}
        </span>
        <span className="segment-item-meta muted">
          {t('segments.list.meta', { owner: segment.owner || '—', changed: shortDate(segment.updatedAt), version: segment.version })}
        </span>
      </button>
      <span className="segment-item-count" data-testid={`segment-list-count-${segment.name}`}>
        {count === null ? '…' : formatCount(count, intlLocale)}
      </span>
    </li>
  );
}

/** Every version of a segment, newest first, with what changed; revert saves an old one as new. */
export function HistoryPanel({ client, segment, onReverted, nameOf }: { client: EngineClient; segment: SavedSegment; onReverted: (segment: SavedSegment) => void; nameOf: (kind: 'tag' | 'segment', id: string) => string }) {
  const { t } = useI18n();
  const history = useEngineQuery(client, 'segment.history', { id: segment.id });
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const describe = (node: SegmentCondition) => describeDraft(t, ruleToDraft(node), nameOf);
  const changeText = (change: VersionChange): string => {
    switch (change.kind) {
      case 'created':
      case 'description':
      case 'rule':
      case 'none':
        return t(`segments.change.${change.kind}`);
      case 'renamed':
      case 'owner':
        return t(`segments.change.${change.kind}`, { from: change.from, to: change.to });
      case 'changed':
        return t('segments.change.changed', { from: describe(change.before), to: describe(change.condition) });
      default:
        return t(`segments.change.${change.kind}`, { condition: describe(change.condition) });
    }
  };
  const revert = (version: number) => {
    setBusy(true);
    setError(null);
    client
      .call('segment.revert', { id: segment.id, version })
      .then(onReverted, (reason: unknown) => setError(toAppError(reason)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="segment-history" data-testid="segment-history-list">
      <h4>{t('segments.history.title', { name: segment.name })}</h4>
      {history.error && <div className="error-text">{formatAppError(t, history.error)}</div>}
      {error && <div className="error-text">{formatAppError(t, error)}</div>}
      <ol>
        {history.data?.map((v, index) => (
          <li key={v.version} data-testid={`segment-version-${v.version}`}>
            <div className="segment-version-head">
              <strong>v{v.version}</strong>
              <span className="muted">{shortDate(v.savedAt)}</span>
              <span className="muted">{v.owner}</span>
              {v.version === segment.version ? (
                <span className="chip">{t('segments.history.current')}</span>
              ) : (
                <button type="button" className="link-button" disabled={busy} onClick={() => revert(v.version)} data-testid={`segment-revert-${v.version}`}>
                  {t('segments.history.revert')}
                </button>
              )}
            </div>
            <ul className="segment-version-changes">
              {versionChanges(history.data?.[index + 1] ?? null, v).map((change, i) => (
                <li key={i}>{changeText(change)}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Reads a local file's text in the browser (the file never travels as a path). */
export function readFileText(file: File): Promise<string> {
  return file.text();
}

/** Longer file contents are not put into the text box (a 5,000,000-ID file is 70 MB of text). */
const LARGE_LIST_CHARS = 1_000_000;

/** A static segment from pasted or uploaded customer IDs, with the engine's match report. */
export function FromIdsPanel({ client, onClose }: { client: EngineClient; onClose: () => void }) {
  const { t, intlLocale } = useI18n();
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [report, setReport] = useState<MatchReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const running = useRef<AbortController | null>(null);
  // A file's list too long to show (and edit) in the text box: kept aside, sent as it is.
  const [fileText, setFileText] = useState<string | null>(null);
  const source = fileText ?? text;
  // Parsed once per list, not per render: a file can hold millions of IDs.
  const ids = useMemo(() => parseIdList(source), [source]);
  const preview = useMemo(() => dedupeIds(ids), [ids]);

  // The list travels as an upload in chunks (a file of millions of IDs is far over one request's
  // limit); the engine splits the text exactly as the preview above does.
  const create = () => {
    const controller = new AbortController();
    running.current = controller;
    const { signal } = controller;
    setBusy(true);
    setError(null);
    setReport(null);
    setSent(0);
    uploadText(client, source, { signal, onProgress: setSent })
      .then((upload) => {
        setSent(null);
        return client.call('segment.fromIds', { name: name.trim(), owner, description: fileName ? t('segments.ids.fromFile', { file: fileName }) : '', upload }, { signal });
      })
      .then(
        // The segment list shows the new segment by itself (segments.changed).
        (result) => setReport(result.report),
        (reason: unknown) => !isCancellation(reason) && setError(toAppError(reason)),
      )
      .finally(() => {
        running.current = null;
        setBusy(false);
        setSent(null);
      });
  };

  return (
    <div className="segment-dialog" data-testid="segment-ids-panel">
      <h4>{t('segments.ids.title')}</h4>
      <label>
        <span>{t('segments.save.name')}</span>
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} data-testid="segment-ids-name" />
      </label>
      <label>
        <span>{t('segments.save.owner')}</span>
        <input type="text" value={owner} onChange={(e) => setOwner(e.target.value)} />
      </label>
      <label className="wide">
        <span>{t('segments.ids.paste')}</span>
        <textarea
          rows={6}
          value={fileText === null ? text : ''}
          onChange={(e) => {
            setFileText(null);
            setText(e.target.value);
          }}
          data-testid="segment-ids-text"
          placeholder={fileText === null ? t('segments.ids.placeholder') : t('segments.ids.largeFile', { file: fileName ?? '' })}
        />
      </label>
      <label>
        <span>{t('segments.ids.upload')}</span>
        <input
          type="file"
          accept=".txt,.csv,.tsv,text/plain,text/csv"
          data-testid="segment-ids-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            setFileName(file.name);
            readFileText(file).then(
              (content) => {
                const large = content.length > LARGE_LIST_CHARS;
                setFileText(large ? content : null);
                setText(large ? '' : content);
              },
              (reason: unknown) => setError(toAppError(reason)),
            );
          }}
        />
      </label>
      <div className="muted" data-testid="segment-ids-preview">
        {t('segments.ids.preview', { count: formatCount(ids.length, intlLocale), distinct: formatCount(preview.unique.length, intlLocale) })}
      </div>
      {sent !== null && (
        <div className="muted" data-testid="segment-ids-uploading">
          {t('segments.ids.uploading', { percent: Math.round(sent * 100) })}
        </div>
      )}
      {error && <div className="error-text">{formatAppError(t, error)}</div>}
      {report && (
        <div className="match-report" data-testid="segment-ids-report" data-matched={report.matched} data-unmatched={report.unmatched} data-duplicates={report.duplicates}>
          <div>{t('segments.ids.matched', { matched: formatCount(report.matched, intlLocale), distinct: formatCount(report.distinct, intlLocale) })}</div>
          <div>
            {t('segments.ids.unmatched', { count: formatCount(report.unmatched, intlLocale) })}
            {report.unmatchedExamples.length > 0 && <code className="examples">{report.unmatchedExamples.join(', ')}</code>}
          </div>
          <div>
            {t('segments.ids.duplicates', { count: formatCount(report.duplicates, intlLocale) })}
            {report.duplicateExamples.length > 0 && <code className="examples">{report.duplicateExamples.map((d) => `${d.id} ×${d.times}`).join(', ')}</code>}
          </div>
          {report.blank > 0 && <div className="muted">{t('segments.ids.blank', { count: report.blank })}</div>}
        </div>
      )}
      <div className="rule-buttons">
        <button type="button" className="button primary" disabled={busy || name.trim() === '' || ids.length === 0} onClick={create} data-testid="segment-ids-create">
          {t('segments.ids.create')}
        </button>
        {busy && (
          <button type="button" className="button" onClick={() => running.current?.abort()} data-testid="segment-ids-cancel">
            {t('sql.cancel')}
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          {t('segments.close')}
        </button>
      </div>
    </div>
  );
}
