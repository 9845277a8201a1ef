import { useEffect, useRef, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { useEngineQuery } from '../../state/use-engine-query';
import { defaultScale } from './field-scale';
import { sparkBars } from './spark-bars';

const WIDTH = 72;
const HEIGHT = 18;

/**
 * Calls back once the element first scrolls into view inside `root` (the picker's list): only
 * the matches a user can see ask the engine for their distribution.
 */
function useSeenOnce(root: Element | null): [React.RefObject<HTMLSpanElement | null>, boolean] {
  const ref = useRef<HTMLSpanElement | null>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (seen || !el) return;
    if (typeof IntersectionObserver === 'undefined') {
      setSeen(true);
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    }, { root });
    observer.observe(el);
    return () => observer.disconnect();
  }, [root, seen]);
  return [ref, seen];
}

/**
 * A tiny bar chart of a profile field's distribution (segment.fieldValues, the value pickers'
 * call with the same params, so the answer is shared through the query cache). It draws counts
 * only: no value is shown, so a masked field stays masked.
 */
export function FieldSparkline({ client, field, root, testId, label }: { client: EngineClient; field: string; root: Element | null; testId: string; label: string }) {
  const [ref, seen] = useSeenOnce(root);
  const query = useEngineQuery(client, 'segment.fieldValues', seen ? { field, limit: 200, bins: 20, scale: defaultScale(field) } : null);
  const bars = sparkBars(query.data);
  const width = bars.length > 0 ? WIDTH / bars.length : 0;
  return (
    <span ref={ref} className="field-sparkline" data-testid={testId} data-bars={bars.length} data-state={!seen ? 'idle' : query.data ? 'ready' : query.error ? 'error' : 'loading'}>
      {bars.length > 0 && (
        <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
          {bars.map((h, i) => (
            <rect key={i} x={i * width + 0.5} width={Math.max(1, width - 1)} y={HEIGHT - Math.max(1, h * HEIGHT)} height={Math.max(1, h * HEIGHT)} />
          ))}
        </svg>
      )}
    </span>
  );
}
