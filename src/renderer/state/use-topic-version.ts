import { useEffect, useState } from 'react';
import type { EngineClient } from '../../shared/engine-client';
import type { ChangeTopic } from '../../shared/protocol';
import { queryCacheOf } from './query-cache';

/**
 * A number that moves on every engine notice of one of `topics`: the key of a view that is not a
 * query (the canvas grid pages a table itself), so it starts over when its data changed even when
 * nothing the queries return (row count, columns) did, e.g. a rule re-applied to the profile.
 */
export function useTopicVersion(client: EngineClient, topics: readonly ChangeTopic[]): number {
  const cache = queryCacheOf(client);
  const [version, setVersion] = useState(0);
  const topicsKey = topics.join(',');
  useEffect(() => {
    const watched = new Set(topicsKey.split(','));
    return cache.onTopic((topic) => {
      if (watched.has(topic)) setVersion((v) => v + 1);
    });
  }, [cache, topicsKey]);
  return version;
}
