import type { ChangeNotice, ChangeTopic } from '../../shared/protocol';

/**
 * The workspace's data version and who hears of its changes. A write publishes the topics it
 * changed once its transaction has committed; the version goes up once per publish, so cached
 * views (sorted snapshots, counts, the renderer's query cache) know what they were computed on.
 * The engine forwards every notice to every connected client (`notify` messages).
 */
export class ChangeFeed {
  private version = 0;
  private readonly listeners = new Set<(notice: ChangeNotice) => void>();

  get dataVersion(): number {
    return this.version;
  }

  /** Call only after the write's transaction committed: a listener may read the new data at once. */
  publish(topics: readonly ChangeTopic[]): void {
    if (topics.length === 0) return;
    this.version++;
    const notices = [...new Set(topics)].map((topic) => ({ topic, dataVersion: this.version }));
    for (const listener of [...this.listeners]) for (const notice of notices) listener(notice);
  }

  subscribe(listener: (notice: ChangeNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
