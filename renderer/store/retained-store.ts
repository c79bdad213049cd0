// Clearing retained messages from the UI, one operation at a time: count what a clear would remove, wait
// for the user's confirmation, clear in chunks (with progress), then offer an undo that publishes the
// cleared messages again. ipc-sync attaches the Api.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError, InvokeChannel, InvokeRequest, InvokeResponse } from '../../shared/ipc/contract'
import type { Result } from '../../shared/model/app-error'
import { MAX_CLEAR_CHUNK, type ClearRetainedResult, type TopicFailure } from '../../shared/model/retained'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

export type ClearPhase =
  | { kind: 'idle' }
  | { kind: 'counting'; topic: string; subtree: boolean }
  | { kind: 'confirm'; topic: string; subtree: boolean; topics: string[]; truncated: boolean }
  | { kind: 'clearing'; topic: string; done: number; total: number }
  | { kind: 'cleared'; topic: string; cleared: number; failed: TopicFailure[]; undoId: string | null; undoable: number }
  | { kind: 'undoing'; total: number }
  | { kind: 'undone'; restored: number; failed: TopicFailure[] }
  | { kind: 'error'; error: AppError }

export interface RetainedState {
  connectionId: string | null
  phase: ClearPhase
  attach(api: Api | null): void
  /** Counts the retained topics a clear of `topic` (and with `subtree`, below it) would remove, then asks. */
  ask(connectionId: string, topic: string, subtree: boolean): Promise<void>
  /** Clears what `ask` counted, in chunks. */
  confirm(): Promise<void>
  cancel(): void
  undo(): Promise<void>
  /** Forgets the outcome (the banner's close button). */
  dismiss(): void
}


export const retainedStore = createStore<RetainedState>()((set, get) => {
  let api: Api | null = null
  const call = <C extends InvokeChannel>(channel: C, req: InvokeRequest<C>): Promise<Result<InvokeResponse<C>>> =>
    api === null ? Promise.resolve({ ok: false, error: NOT_ATTACHED }) : invokeSafely(api, channel, req)
  const busy = (): boolean => ['counting', 'clearing', 'undoing'].includes(get().phase.kind)

  return {
    connectionId: null,
    phase: { kind: 'idle' },
    attach(next) {
      api = next
    },
    async ask(connectionId, topic, subtree) {
      if (busy()) return
      set({ connectionId, phase: { kind: 'counting', topic, subtree } })
      const result = await call('retained:list', { connectionId, topic, subtree })
      if (!result.ok) return set({ phase: { kind: 'error', error: result.error } })
      set({ phase: { kind: 'confirm', topic, subtree, topics: result.value.topics, truncated: result.value.truncated } })
    },
    async confirm() {
      const { phase, connectionId } = get()
      if (phase.kind !== 'confirm' || connectionId === null) return
      const total = phase.topics.length
      set({ phase: { kind: 'clearing', topic: phase.topic, done: 0, total } })
      let undoId: string | null = null
      let undoable = 0
      let cleared = 0
      const failed: TopicFailure[] = []
      for (let i = 0; i < total; i += MAX_CLEAR_CHUNK) {
        const result: Result<ClearRetainedResult> = await call('retained:clear', { connectionId, topics: phase.topics.slice(i, i + MAX_CLEAR_CHUNK), undoId })
        if (!result.ok) {
          // What was cleared so far stays cleared, and stays undoable.
          failed.push(...phase.topics.slice(i).map((topic) => ({ topic, reason: result.error.message })))
          break
        }
        undoId = result.value.undoId
        undoable = result.value.undoable
        cleared += result.value.cleared.length
        failed.push(...result.value.failed)
        set({ phase: { kind: 'clearing', topic: phase.topic, done: Math.min(total, i + MAX_CLEAR_CHUNK), total } })
      }
      set({ phase: { kind: 'cleared', topic: phase.topic, cleared, failed, undoId, undoable } })
    },
    cancel() {
      if (get().phase.kind === 'confirm') set({ phase: { kind: 'idle' } })
    },
    async undo() {
      const { phase } = get()
      if (phase.kind !== 'cleared' || phase.undoId === null) return
      set({ phase: { kind: 'undoing', total: phase.undoable } })
      const result = await call('retained:undo', { undoId: phase.undoId })
      if (!result.ok) return set({ phase: { kind: 'error', error: result.error } })
      set({ phase: { kind: 'undone', restored: result.value.restored, failed: result.value.failed } })
    },
    dismiss() {
      if (!busy()) set({ phase: { kind: 'idle' } })
    },
  }
})

export function useRetained<T>(selector: (s: RetainedState) => T): T {
  return useStore(retainedStore, selector)
}
