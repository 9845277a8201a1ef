import { useCallback, useMemo, useRef, useState } from 'react';
import { isCancellation, toAppError, type AppError } from '../../shared/errors';
import type { Progress } from '../../shared/protocol';
import type { SavedSegment, SegmentNode, SegmentTarget } from '../../shared/segment-types';
import { fieldKind } from '../components/customers/condition-builder';
import { BuilderContext, type BuilderContextValue, type ProfileField } from '../components/segments/builder-context';
import { draftToRule, ruleToDraft, type ConditionDraft, type DraftProblem } from '../components/segments/condition-draft';
import { stepLabels } from '../components/segments/describe-condition';
import { LiveCount } from '../components/segments/live-count';
import { OverlapPanel } from '../components/segments/overlap-panel';
import { RuleBuilder } from '../components/segments/rule-builder';
import { compileTree, emptyTree, treeFromRule, type GroupNode } from '../components/segments/rule-tree';
import { FromIdsPanel, HistoryPanel, SegmentList } from '../components/segments/saved-segments';
import { ImportPanel, SqlPanel } from '../components/segments/sql-panel';
import { UnderstandPanel } from '../components/segments/understand-panel';
import { useLiveCount } from '../components/segments/use-live-count';
import { formatCount } from '../format/number-format';
import { formatAppError } from '../../shared/i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../../shared/i18n/messages-en';
import { useEngineQuery } from '../state/use-engine-query';
import { useUnsavedGuard } from '../state/use-unsaved-guard';
import type { PageProps } from './page-props';

type Tab = 'build' | 'understand' | 'overlap' | 'sql';
const TABS: ReadonlyArray<{ id: Tab; label: MessageKey }> = [
  { id: 'build', label: 'segments.tab.build' },
  { id: 'understand', label: 'segments.tab.understand' },
  { id: 'overlap', label: 'segments.tab.overlap' },
  { id: 'sql', label: 'segments.tab.sql' },
];

type Tree = GroupNode<ConditionDraft>;

interface Editor {
  saved: SavedSegment | null;
  name: string;
  description: string;
  owner: string;
  tree: Tree;
  /** The compiled rule's key at the last save or open (null: never saved). */
  savedKey: string | null;
}

const newEditor = (): Editor => ({ saved: null, name: '', description: '', owner: '', tree: emptyTree<ConditionDraft>(), savedKey: null });

function editorFrom(segment: SavedSegment): Editor {
  const tree = treeFromRule<ConditionDraft>(segment.rule, ruleToDraft);
  return { saved: segment, name: segment.name, description: segment.description, owner: segment.owner, tree, savedKey: null };
}

type Panel = 'history' | 'ids' | 'import' | null;

/**
 * Segments (客群): the rule tree builder with its live count and waterfall; saved segments with
 * versions, snapshots and ID lists; the profile against the base, overlap of several segments,
 * members; and the SQL for the warehouse with the definition file.
 */
export function SegmentsPage({ client }: PageProps) {
  const { t, intlLocale } = useI18n();
  const [tab, setTab] = useState<Tab>('build');
  const [editor, setEditor] = useState<Editor>(newEditor);
  const [selected, setSelected] = useState<string[]>([]);
  const [panel, setPanel] = useState<Panel>(null);
  const [message, setMessage] = useState<{ error: AppError | null; text: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [build, setBuild] = useState<{ progress: Progress | null; abort: AbortController } | null>(null);
  // A rebuilt profile, saved rules, tags and segments (here, on Customers, in another window or
  // from the CLI) re-run these by themselves: the engine notifies, the query cache re-asks.
  const summary = useEngineQuery(client, 'profile.summary', {}, { supersede: 'segments-summary' });
  const hasProfile = summary.data?.asOf != null;
  const columns = useEngineQuery(client, 'profile.columns', hasProfile ? {} : null);
  const tags = useEngineQuery(client, 'tags.list', hasProfile ? {} : null, { supersede: 'segments-tags' });
  const list = useEngineQuery(client, 'segment.list', {}, { supersede: 'segment-list' });

  const fields: ProfileField[] = useMemo(
    () => (columns.data ?? []).filter((c) => c.name !== 'customer_id').map((c) => ({ ...c, kind: fieldKind(c.type) })),
    [columns.data],
  );
  const kinds = useMemo(() => new Map(fields.map((f) => [f.name, f.kind])), [fields]);
  const nameOf = useCallback(
    (kind: 'tag' | 'segment', id: string) => {
      if (kind === 'tag') {
        const tag = tags.data?.find((x) => x.id === id);
        return tag ? tag.nameEn || tag.nameZh || id : id;
      }
      return list.data?.find((s) => s.id === id)?.name ?? id;
    },
    [tags.data, list.data],
  );
  const context: BuilderContextValue = useMemo(
    () => ({ client, fields, tags: tags.data ?? [], segments: list.data ?? [], currentId: editor.saved?.id ?? null, nameOf }),
    [client, fields, tags.data, list.data, editor.saved?.id, nameOf],
  );

  const isStatic = editor.saved?.kind === 'static';
  const compiled = useMemo(() => compileTree<ConditionDraft, DraftProblem>(editor.tree, (d) => draftToRule(d, (f) => kinds.get(f) ?? null)), [editor.tree, kinds]);
  const problems = useMemo(() => new Map<string, DraftProblem>(compiled.ok ? [] : compiled.problems.map((p) => [p.id, p.problem])), [compiled]);
  const rule: SegmentNode | null = !hasProfile || fields.length === 0 ? null : isStatic && editor.saved ? { kind: 'segment', segment: editor.saved.id, member: true } : compiled.ok ? compiled.rule : null;
  const ruleKey = compiled.ok ? JSON.stringify(compiled.rule) : null;
  const live = useLiveCount(client, rule, 'segment-builder-count');
  const labels = useMemo(() => stepLabels(t, editor.tree, nameOf), [t, editor.tree, nameOf]);

  // The saved key is taken from the first compile after opening, so opening is never "dirty".
  const savedKey = editor.savedKey ?? (editor.saved ? ruleKey : null);
  const dirty =
    editor.saved === null
      ? ruleKey !== null && editor.tree.children.length > 0
      : ruleKey !== savedKey || editor.name !== editor.saved.name || editor.description !== editor.saved.description || editor.owner !== editor.saved.owner;

  const target: SegmentTarget | null = !hasProfile ? null : isStatic && editor.saved ? { id: editor.saved.id } : compiled.ok ? { rule: compiled.rule } : null;

  const patch = (p: Partial<Editor>) => setEditor((e) => ({ ...e, ...p }));
  const setTree = (tree: Tree) => setEditor((e) => ({ ...e, savedKey: e.savedKey ?? (e.saved ? ruleKey : null), tree }));

  const run = <T,>(work: () => Promise<T>, done: (value: T) => void) => {
    setBusy(true);
    setMessage(null);
    work()
      .then(done, (reason: unknown) => !isCancellation(reason) && setMessage({ error: toAppError(reason), text: null }))
      .finally(() => setBusy(false));
  };

  const afterSave = (segment: SavedSegment, text: string | null) => {
    setEditor(editorFrom(segment));
    if (text) setMessage({ error: null, text });
  };

  const save = () => {
    if (!compiled.ok || isStatic) return;
    run(
      () => client.call('segment.save', { ...(editor.saved ? { id: editor.saved.id } : {}), name: editor.name.trim(), description: editor.description, owner: editor.owner, rule: compiled.rule }),
      (segment) => {
        // The editor keeps its tree (same node ids as the saved rule), so a switched-off condition
        // that is not complete yet stays on screen; reopening shows what was saved.
        setEditor((e) => ({ ...e, saved: segment, name: segment.name, description: segment.description, owner: segment.owner, savedKey: ruleKey }));
        setMessage({ error: null, text: t('segments.save.saved', { name: segment.name, version: segment.version }) });
      },
    );
  };
  // Leaving a segment with unsaved edits (opening another, a new one, closing the window) asks first
  // (issue 13 item 8), as the Campaigns page does.
  const leaveOk = useUnsavedGuard(dirty, t('segments.unsavedConfirm'));

  // Two opens in quick succession can answer out of order: only the last one asked fills the editor.
  const lastOpen = useRef(0);
  const open = (id: string) => {
    if (!leaveOk()) return;
    setPanel(null);
    const asked = ++lastOpen.current;
    run(() => client.call('segment.get', { id }), (segment) => {
      if (asked !== lastOpen.current) return;
      setEditor(editorFrom(segment));
      setTab((current) => (current === 'overlap' ? 'build' : current));
    });
  };
  const snapshot = () => {
    if (!target) return;
    run(
      () => client.call('segment.snapshot', { ...target, name: t('segments.snapshot.name', { name: editor.name.trim() || t('segments.untitled'), date: summary.data?.asOf ?? '' }), ...(editor.owner ? { owner: editor.owner } : {}) }),
      (segment) => {
        setMessage({ error: null, text: t('segments.snapshot.done', { name: segment.name, count: formatCount(segment.static?.members ?? 0, intlLocale) }) });
      },
    );
  };
  const remove = () => {
    const saved = editor.saved;
    if (!saved || !window.confirm(t('segments.delete.confirm', { name: saved.name }))) return;
    run(() => client.call('segment.delete', { id: saved.id }), () => {
      setEditor(newEditor());
      setSelected((s) => s.filter((x) => x !== saved.id));
    });
  };
  const buildProfile = () => {
    const abort = new AbortController();
    setBuild({ progress: null, abort });
    client
      .call('profile.build', {}, { signal: abort.signal, onProgress: (progress) => setBuild((b) => (b ? { ...b, progress } : b)) })
      // The page follows the new profile by itself (profile.rebuilt).
      .catch((reason: unknown) => !isCancellation(reason) && setMessage({ error: toAppError(reason), text: null }))
      .finally(() => setBuild(null));
  };
  const toggleSelected = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length >= 8 ? s : [...s, id]));

  const title = editor.name.trim() || editor.saved?.name || t('segments.untitled');

  return (
    <div className="page segments-page" data-testid="segments-page">
      <aside className="segments-side">
        <div className="segments-side-head">
          <h2>{t('segments.list.title')}</h2>
          <button type="button" className="button primary" onClick={() => { if (!leaveOk()) return; lastOpen.current++; setEditor(newEditor()); setPanel(null); setTab('build'); }} data-testid="segment-new">
            {t('segments.list.new')}
          </button>
        </div>
        <div className="segments-side-actions">
          <button type="button" className="link-button" onClick={() => setPanel(panel === 'ids' ? null : 'ids')} data-testid="segment-from-ids">
            {t('segments.list.fromIds')}
          </button>
          <button type="button" className="link-button" onClick={() => setPanel(panel === 'import' ? null : 'import')} data-testid="segment-import">
            {t('segments.list.import')}
          </button>
        </div>
        <SegmentList client={client} segments={list.data} error={list.error} openId={editor.saved?.id ?? null} selected={new Set(selected)} onToggle={toggleSelected} onOpen={open} />
        {selected.length >= 2 && (
          <button type="button" className="button" onClick={() => setTab('overlap')} data-testid="segment-show-overlap">
            {t('segments.list.showOverlap', { count: selected.length })}
          </button>
        )}
      </aside>
      <section className="segments-main">
        {summary.data && !hasProfile && (
          <div className="customers-empty" data-testid="segments-no-profile">
            <p>{t('segments.noProfile')}</p>
            <button type="button" className="button primary" onClick={buildProfile} disabled={build !== null} data-testid="segments-profile-build">
              {build ? t('segments.building', { percent: build.progress?.fraction == null ? '' : `${Math.round(build.progress.fraction * 100)}%` }) : t('customers.build')}
            </button>
          </div>
        )}
        <div className="segment-head">
          <label className="segment-name">
            <span className="visually-hidden">{t('segments.save.name')}</span>
            <input type="text" value={editor.name} placeholder={t('segments.save.namePlaceholder')} onChange={(e) => patch({ name: e.target.value })} disabled={isStatic} data-testid="segment-name" />
          </label>
          <input type="text" className="segment-owner" value={editor.owner} placeholder={t('segments.save.owner')} onChange={(e) => patch({ owner: e.target.value })} disabled={isStatic} data-testid="segment-owner" aria-label={t('segments.save.owner')} />
          <button type="button" className="button primary" disabled={busy || isStatic || !compiled.ok || editor.name.trim() === '' || (!dirty && editor.saved !== null)} onClick={save} data-testid="segment-save">
            {t(editor.saved ? 'segments.save.saveVersion' : 'segments.save.save')}
          </button>
          <button type="button" className="button" disabled={busy || !target || !hasProfile} onClick={snapshot} data-testid="segment-snapshot" title={t('segments.snapshot.hint')}>
            {t('segments.snapshot.button')}
          </button>
          <button type="button" className="button" disabled={!editor.saved} onClick={() => setPanel(panel === 'history' ? null : 'history')} data-testid="segment-history">
            {t('segments.history.button')}
          </button>
          <button type="button" className="button" disabled={!editor.saved || busy} onClick={remove} data-testid="segment-delete">
            {t('segments.delete.button')}
          </button>
          <span className="segment-state muted" data-testid="segment-state" data-saved-id={editor.saved?.id ?? ''} data-version={editor.saved?.version ?? ''} data-dirty={dirty ? 'true' : 'false'}>
            {editor.saved ? t(dirty ? 'segments.state.unsaved' : 'segments.state.saved', { version: editor.saved.version }) : t('segments.state.new')}
          </span>
        </div>
        <input type="text" className="segment-description" value={editor.description} placeholder={t('segments.save.description')} onChange={(e) => patch({ description: e.target.value })} disabled={isStatic} data-testid="segment-description" aria-label={t('segments.save.description')} />
        {message && (
          <div className={message.error ? 'banner-error' : 'banner-info'} role="alert" data-testid="segment-message">
            {message.error ? formatAppError(t, message.error) : message.text}
          </div>
        )}
        {isStatic && editor.saved?.static && (
          <div className="banner-info" data-testid="segment-static-info">
            {t(editor.saved.static.from === 'ids' ? 'segments.static.fromIds' : 'segments.static.snapshot', {
              count: formatCount(editor.saved.static.members, intlLocale),
              takenAt: editor.saved.static.takenAt.replace('T', ' ').slice(0, 16),
              asOf: editor.saved.static.asOf ?? '—',
            })}
          </div>
        )}
        {panel === 'history' && editor.saved && <HistoryPanel client={client} segment={editor.saved} nameOf={nameOf} onReverted={(segment) => afterSave(segment, t('segments.history.reverted', { version: segment.version }))} />}
        {panel === 'ids' && <FromIdsPanel client={client} onClose={() => setPanel(null)} />}
        {panel === 'import' && <ImportPanel client={client} onClose={() => setPanel(null)} />}
        <div className="tabs" role="tablist">
          {TABS.map((x) => (
            <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} className={tab === x.id ? 'tab active' : 'tab'} onClick={() => setTab(x.id)} data-testid={`segments-tab-${x.id}`}>
              {t(x.label)}
            </button>
          ))}
        </div>
        <BuilderContext.Provider value={context}>
          <div className="segments-tab-body" hidden={tab !== 'build'}>
            <div className="segment-build">
              <RuleBuilder tree={editor.tree} onChange={setTree} problems={problems} readOnly={isStatic} />
              <LiveCount state={live} labels={labels} invalid={!compiled.ok && !isStatic} />
            </div>
          </div>
          {tab === 'understand' && <UnderstandPanel client={client} target={target} title={title} />}
          {tab === 'overlap' && <OverlapPanel client={client} ids={selected} />}
          {tab === 'sql' && <SqlPanel client={client} target={target} name={title} savedId={editor.saved?.id ?? null} />}
        </BuilderContext.Provider>
      </section>
    </div>
  );
}
