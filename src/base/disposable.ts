export interface Disposable {
  dispose(): void;
}

/** Owns a group of resources and releases them in reverse order of acquisition. */
export class DisposableStore implements Disposable {
  private items: Array<Disposable | (() => void)> = [];
  private disposed = false;

  add<T extends Disposable | (() => void)>(item: T): T {
    if (this.disposed) {
      release(item);
    } else {
      this.items.push(item);
    }
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of this.items.reverse()) {
      try {
        release(item);
      } catch {
        // One failing release must not leak the others.
      }
    }
    this.items = [];
  }
}

function release(item: Disposable | (() => void)): void {
  if (typeof item === 'function') item();
  else item.dispose();
}
