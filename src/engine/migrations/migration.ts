import type { Session } from '../workspace';

/**
 * One step of the workspace's schema: numbered from 1, applied in order, each exactly once. A
 * migration runs inside the transaction that opens the workspace (all pending ones commit
 * together or not at all) and must not commit itself. A released migration is never edited:
 * a change is a new migration with the next number.
 */
export interface Migration {
  version: number;
  /** What it does, in a few words (recorded in `_sw_schema`). */
  name: string;
  up(session: Session): Promise<void>;
}
