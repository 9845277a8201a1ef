import type { MethodName } from '../../shared/methods';
import type { ChangeTopic } from '../../shared/protocol';

/**
 * Which engine notifications make a read's answer out of date, per method: the one place a
 * query's invalidation is declared (a call site may add topics of its own). The topics are the
 * engine's `notify` messages: tables changed (imports, the SQL console, the demo), the profile
 * rebuilt, rules, tags and segments saved, the import log written.
 */
export type QueryTopic = ChangeTopic;

const PROFILE: readonly QueryTopic[] = ['profile.rebuilt'];
/** Counts and members of a segment follow the profile, the tags and the segments a rule refers to. */
const SEGMENT_DATA: readonly QueryTopic[] = ['profile.rebuilt', 'tags.changed', 'segments.changed'];

export const QUERY_TOPICS: Partial<Record<MethodName, readonly QueryTopic[]>> = {
  'tables.list': ['tables.changed', 'profile.rebuilt'],
  // The summary's "stale" flag follows the canonical tables; its counts follow the rules.
  'profile.summary': ['profile.rebuilt', 'tables.changed', 'rules.changed'],
  'profile.distribution': PROFILE,
  'profile.columns': PROFILE,
  'rules.list': ['rules.changed'],
  'rules.history': ['rules.changed'],
  'rules.preview': PROFILE,
  'tags.list': ['tags.changed', 'profile.rebuilt'],
  'tags.distribution': ['tags.changed', 'profile.rebuilt'],
  'tags.preview': PROFILE,
  'customer.detail': ['profile.rebuilt', 'tables.changed', 'tags.changed'],
  'segment.count': SEGMENT_DATA,
  'segment.fieldValues': PROFILE,
  'segment.list': ['segments.changed', 'profile.rebuilt'],
  'segment.get': ['segments.changed'],
  'segment.history': ['segments.changed'],
  'segment.compare': SEGMENT_DATA,
  'segment.overlap': SEGMENT_DATA,
  'segment.members': SEGMENT_DATA,
  'segment.sql': ['segments.changed', 'tags.changed', 'rules.changed'],
  // A funnel reads the canonical tables, the profile (breakdowns) and segments (population).
  'funnel.run': ['tables.changed', 'profile.rebuilt', 'segments.changed'],
  'funnel.list': ['funnels.changed'],
  // Churn and retention read the canonical tables, the profile and the churn definitions.
  'churn.definitions': ['churn.changed'],
  'churn.preview': ['tables.changed', 'profile.rebuilt'],
  'survival.run': ['tables.changed', 'profile.rebuilt', 'segments.changed'],
  'retention.run': ['tables.changed', 'profile.rebuilt', 'segments.changed'],
  'lifecycle.run': ['tables.changed', 'profile.rebuilt', 'segments.changed'],
  'flows.payroll': ['tables.changed', 'profile.rebuilt', 'segments.changed'],
  'flows.aum': ['tables.changed', 'profile.rebuilt', 'segments.changed'],
  'warning.run': ['tables.changed', 'profile.rebuilt'],
  'model.list': ['models.changed'],
  'experiment.campaigns': ['tables.changed'],
  'import.history': ['imports.changed'],
  // "Imported before" comes from the import log.
  'import.checkFiles': ['imports.changed'],
  'import.profile': ['tables.changed'],
  'data.quality': ['tables.changed'],
  'app.info': ['tables.changed'],
};

export function topicsFor(method: MethodName, extra: readonly QueryTopic[] = []): readonly QueryTopic[] {
  const declared = QUERY_TOPICS[method] ?? [];
  return extra.length === 0 ? declared : [...new Set([...declared, ...extra])];
}
