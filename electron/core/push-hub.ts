// Fans backend pushes out to every attached front end (the Electron window, or each browser tab).
import type { PushChannel, Pushes } from '../../shared/ipc/contract'

/** A front end that accepts pushes. It must never throw (a closed window simply skips them). */
export interface PushTarget {
  send<C extends PushChannel>(channel: C, payload: Pushes[C]): void
}

/** Keeps the attached targets; a failing target is logged and does not stop the others. */
export class PushHub implements PushTarget {
  private readonly targets = new Set<PushTarget>()

  constructor(private readonly onTargetError: (err: unknown) => void) {}

  /** Attaches a target; returns the function that detaches it. */
  attach(target: PushTarget): () => void {
    this.targets.add(target)
    return () => void this.targets.delete(target)
  }

  send<C extends PushChannel>(channel: C, payload: Pushes[C]): void {
    for (const target of this.targets) {
      try {
        target.send(channel, payload)
      } catch (err) {
        this.onTargetError(err)
      }
    }
  }
}
