// The lifetime of one turn: an abort signal for its requests and a store for whatever it starts
// (a diff, a shell). Stop, New Chat and opening another conversation dispose it. Pure.

export interface Disposable {
  dispose(): void;
}

export class TurnScope implements Disposable {
  private readonly controller = new AbortController();
  private readonly disposables: Disposable[] = [];
  private disposed = false;

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Ties something to the turn; added after the turn ended, it is disposed at once. */
  add<T extends Disposable>(disposable: T): T {
    if (this.disposed) disposable.dispose();
    else this.disposables.push(disposable);
    return disposable;
  }

  /** Aborts the turn's requests with `reason`, then disposes what it started, newest first. */
  dispose(reason?: unknown): void {
    if (this.disposed) return;
    this.disposed = true;
    this.controller.abort(reason);
    for (const disposable of this.disposables.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch {
        // One failing disposal must not keep the others alive.
      }
    }
  }
}
