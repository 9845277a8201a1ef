import type { Progress } from '../../shared/protocol';
import { CancellationToken } from './cancellation';

export type ProgressReporter = (progress: Partial<Progress>) => void;

/** What every engine call receives: its cancellation token and a way to report progress. */
export interface JobContext {
  readonly token: CancellationToken;
  readonly progress: ProgressReporter;
}

export function detachedContext(progress: ProgressReporter = () => {}): JobContext {
  return { token: CancellationToken.none(), progress };
}
