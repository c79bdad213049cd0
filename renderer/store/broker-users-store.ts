// The embedded broker's users in the console: the list (names only), and adding, re-setting, removing
// and importing them. ipc-sync attaches the Api.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import type { Result } from '../../shared/model/app-error'
import type { BrokerUsersList, UsersImportResult } from '../../shared/model/broker-users'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

export interface BrokerUsersState {
  list: BrokerUsersList | null
  error: AppError | null
  attach(api: Api | null): void
  refresh(): Promise<void>
  set(username: string, password: string): Promise<Result<BrokerUsersList>>
  remove(username: string): Promise<Result<BrokerUsersList>>
  importText(text: string): Promise<Result<UsersImportResult>>
}


export const brokerUsersStore = createStore<BrokerUsersState>()((set, get) => {
  let api: Api | null = null
  const keep = (r: Result<BrokerUsersList>): Result<BrokerUsersList> => {
    set(r.ok ? { list: r.value, error: null } : { error: r.error })
    return r
  }
  return {
    list: null,
    error: null,
    attach(next) {
      api = next
    },
    async refresh() {
      keep(api === null ? { ok: false, error: NOT_ATTACHED } : await invokeSafely(api, 'console:users', null))
    },
    async set(username, password) {
      return keep(api === null ? { ok: false, error: NOT_ATTACHED } : await invokeSafely(api, 'console:user-set', { username, password }))
    },
    async remove(username) {
      return keep(api === null ? { ok: false, error: NOT_ATTACHED } : await invokeSafely(api, 'console:user-remove', { username }))
    },
    async importText(text) {
      const result = api === null ? { ok: false as const, error: NOT_ATTACHED } : await invokeSafely(api, 'console:users-import', { text })
      await get().refresh()
      return result
    },
  }
})

export function useBrokerUsers<T>(selector: (s: BrokerUsersState) => T): T {
  return useStore(brokerUsersStore, selector)
}
