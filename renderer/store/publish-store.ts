// Publishing from the UI: sends one message through 'explorer:publish' and keeps the outcome of the last
// one for the form; also the recent publishes and named templates, kept by the backend. ipc-sync attaches the Api.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import type { Result } from '../../shared/model/app-error'
import type { PublishRequest, PublishResult } from '../../shared/model/publish'
import type { SavedPublish, SavedPublishes } from '../../shared/model/saved-publish'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

export interface PublishState {
  sending: boolean
  /** The last publish: what the broker said, or why it failed. */
  last: { request: PublishRequest; result: Result<PublishResult>; at: number } | null
  saved: SavedPublishes
  /** The last failure to load or save a recent publish or template. */
  savedError: AppError | null
  attach(api: Api | null): void
  publish(req: PublishRequest): Promise<Result<PublishResult>>
  loadSaved(): Promise<void>
  remember(entry: SavedPublish): Promise<void>
  saveTemplate(name: string, entry: SavedPublish): Promise<Result<SavedPublishes>>
  deleteTemplate(name: string): Promise<void>
}


export const publishStore = createStore<PublishState>()((set) => {
  let api: Api | null = null
  const keep = (result: Result<SavedPublishes>): void => set(result.ok ? { saved: result.value, savedError: null } : { savedError: result.error })
  const call = async <R>(run: (a: Api) => Promise<Result<R>>): Promise<Result<R>> => (api === null ? { ok: false, error: NOT_ATTACHED } : run(api))
  return {
    sending: false,
    last: null,
    saved: { recent: [], templates: [] },
    savedError: null,
    attach(next) {
      api = next
    },
    async publish(request) {
      set({ sending: true })
      const result: Result<PublishResult> = api === null ? { ok: false, error: NOT_ATTACHED } : await invokeSafely(api, 'explorer:publish', request)
      set({ sending: false, last: { request, result, at: Date.now() } })
      return result
    },
    async loadSaved() {
      keep(await call((a) => invokeSafely(a, 'publish:saved', null)))
    },
    async remember(entry) {
      keep(await call((a) => invokeSafely(a, 'publish:save', { kind: 'recent', entry })))
    },
    async saveTemplate(name, entry) {
      const result = await call((a) => invokeSafely(a, 'publish:save', { kind: 'template', name, entry }))
      keep(result)
      return result
    },
    async deleteTemplate(name) {
      keep(await call((a) => invokeSafely(a, 'publish:delete-template', { name })))
    },
  }
})

export function usePublish<T>(selector: (s: PublishState) => T): T {
  return useStore(publishStore, selector)
}
