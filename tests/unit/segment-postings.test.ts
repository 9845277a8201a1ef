import { describe, expect, it } from 'vitest';
import { describeChanges } from '../../src/engine/segments/segment-changes';
import { withExplicitPostings } from '../../src/shared/segment-postings';
import type { SegmentNode } from '../../src/shared/segment-types';
import { versionChanges } from '../../src/renderer/components/segments/version-changes';

const quiet = (postings?: 'all' | 'customer_initiated'): SegmentNode => ({
  kind: 'and',
  children: [{ kind: 'activity', id: 'q', source: 'transactions', filters: [], window: { lastMonths: 6 }, measure: { fn: 'count', op: '=', value: 0 }, scope: 'customer', ...(postings ? { postings } : {}) }],
});
const version = (rule: SegmentNode) => ({ name: 's', description: '', owner: '', rule });

describe('activity conditions saved before the postings choice', () => {
  it('mean every posting: re-saving one with the choice written out is no change, switching to customer-initiated is', () => {
    expect(withExplicitPostings(quiet())).toEqual(quiet('all'));
    expect(versionChanges(version(quiet()), version(quiet('all')))).toEqual([{ kind: 'none' }]);
    expect(versionChanges(version(quiet()), version(quiet('customer_initiated'))).map((c) => c.kind)).toEqual(['changed']);
    expect(describeChanges(version(quiet()), version(quiet('all')))).toEqual(['no change']);
    expect(describeChanges(version(quiet()), version(quiet('customer_initiated')))).toEqual(['condition q changed']);
  });

  it('leave other sources alone', () => {
    const events: SegmentNode = { kind: 'activity', source: 'events', filters: [], measure: { fn: 'count', op: '>=', value: 1 }, scope: 'customer' };
    expect(withExplicitPostings({ kind: 'not', child: events })).toEqual({ kind: 'not', child: events });
  });
});
