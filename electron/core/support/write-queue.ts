// File writes of one store, one after the other, so the last state written is the last one on disk. A
// failed write fails only its own caller: the next one still runs.
export class WriteQueue {
  private last: Promise<void> = Promise.resolve()

  run(write: () => Promise<void>): Promise<void> {
    const next = this.last.catch(() => undefined).then(write)
    this.last = next
    return next
  }

  /** Resolves once every write started so far has finished (failed ones included). */
  idle(): Promise<void> {
    return this.last.catch(() => undefined)
  }
}
