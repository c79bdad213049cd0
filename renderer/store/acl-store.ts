// The embedded broker's ACL in the console: the text in force, checking and applying a new one, and the
// tester's last answer. ipc-sync attaches the Api.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import type { AclProblem, AclTestAnswer, AclTestRequest, BrokerAclState } from '../../shared/model/broker-acl'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

export interface AclState {
  state: BrokerAclState | null
  answer: AclTestAnswer | null
  error: AppError | null
  attach(api: Api | null): void
  refresh(): Promise<void>
  /** The text's problems; null when it could not be checked (applying it checks again). */
  check(text: string): Promise<AclProblem[] | null>
  /** True when applied. */
  save(text: string): Promise<boolean>
  test(req: AclTestRequest): Promise<void>
}


export const aclStore = createStore<AclState>()((set) => {
  let api: Api | null = null
  return {
    state: null,
    answer: null,
    error: null,
    attach(next) {
      api = next
    },
    async refresh() {
      if (api === null) return set({ error: NOT_ATTACHED })
      const r = await invokeSafely(api, 'console:acl', null)
      set(r.ok ? { state: r.value, error: null } : { error: r.error })
    },
    async check(text) {
      if (api === null) return null
      const r = await invokeSafely(api, 'console:acl-check', { text })
      return r.ok ? r.value : null
    },
    async save(text) {
      if (api === null) return false
      const r = await invokeSafely(api, 'console:acl-set', { text })
      set(r.ok ? { state: r.value, error: null, answer: null } : { error: r.error })
      return r.ok
    },
    async test(req) {
      if (api === null) return set({ error: NOT_ATTACHED })
      const r = await invokeSafely(api, 'console:acl-test', req)
      set(r.ok ? { answer: r.value, error: null } : { error: r.error })
    },
  }
})

export function useAcl<T>(selector: (s: AclState) => T): T {
  return useStore(aclStore, selector)
}
