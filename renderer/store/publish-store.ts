// Publishing from the UI: sends one message through 'explorer:publish' and keeps the outcome of the last
// one for the form. ipc-sync attaches the Api.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import type { Result } from '../../shared/model/app-error'
import type { PublishRequest, PublishResult } from '../../shared/model/publish'
import { invokeSafely } from './invoke-safely'

export interface PublishState {
  sending: boolean
  /** The last publish: what the broker said, or why it failed. */
  last: { request: PublishRequest; result: Result<PublishResult>; at: number } | null
  attach(api: Api | null): void
  publish(req: PublishRequest): Promise<Result<PublishResult>>
}

const NOT_ATTACHED: AppError = { code: 'unavailable', message: 'Not connected to the backend.' }

export const publishStore = createStore<PublishState>()((set) => {
  let api: Api | null = null
  return {
    sending: false,
    last: null,
    attach(next) {
      api = next
    },
    async publish(request) {
      set({ sending: true })
      const result: Result<PublishResult> = api === null ? { ok: false, error: NOT_ATTACHED } : await invokeSafely(api, 'explorer:publish', request)
      set({ sending: false, last: { request, result, at: Date.now() } })
      return result
    },
  }
})

export function usePublish<T>(selector: (s: PublishState) => T): T {
  return useStore(publishStore, selector)
}
