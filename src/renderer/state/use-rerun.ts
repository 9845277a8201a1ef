import { useEffect, useRef } from 'react';

/**
 * Calls `reload` each time `rerun` counts up after the first render: a "Run again" button for a
 * view whose query lives in a child (data changes re-run queries by themselves, see query-cache.ts).
 */
export function useRerun(rerun: number, reload: () => void): void {
  const seen = useRef(rerun);
  useEffect(() => {
    if (rerun === seen.current) return;
    seen.current = rerun;
    reload();
  }, [rerun, reload]);
}
