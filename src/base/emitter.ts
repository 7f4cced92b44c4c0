/** A minimal typed event source; `on` returns its own unsubscribe. */
export class Emitter<T> {
  private listeners = new Set<(value: T) => void>();

  constructor(private readonly onError: (err: unknown) => void = (err) => console.error('listener failed:', err)) {}

  on(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls every listener even if one throws: one faulty subscriber must not starve the
   * others (a stop that never reaches the supervisor). The error goes to `onError`.
   */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
