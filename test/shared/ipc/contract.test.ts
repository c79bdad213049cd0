// Every channel of the contract has a handler and is allowlisted, and the allowlists hold nothing else.
import { describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS, isInvokeChannel, isPushChannel, PUSH_CHANNELS } from '../../../shared/ipc/contract'
import { createInvokeHandlers } from '../../../electron/ipc/handlers'
import type { AppCore } from '../../../electron/core/app-core'

describe('IPC contract', () => {
  const handlers = createInvokeHandlers({} as AppCore)

  it('has a handler for every allowlisted invoke channel and no handler without one', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(INVOKE_CHANNELS).sort())
  })

  it.each(Object.keys(handlers))('%s has parse and run functions', (channel) => {
    const h = handlers[channel as keyof typeof handlers]
    expect(typeof h.parse).toBe('function')
    expect(typeof h.run).toBe('function')
  })

  it('names channels domain:action in lower kebab case', () => {
    for (const channel of [...Object.keys(INVOKE_CHANNELS), ...Object.keys(PUSH_CHANNELS)]) {
      expect(channel).toMatch(/^[a-z]+(-[a-z]+)*:[a-z]+(-[a-z]+)*$/)
    }
  })

  it('allowlist checks refuse inherited and unknown names', () => {
    expect(isInvokeChannel('app:info')).toBe(true)
    expect(isInvokeChannel('__proto__')).toBe(false)
    expect(isInvokeChannel('toString')).toBe(false)
    expect(isInvokeChannel('app:nope')).toBe(false)
    expect(isPushChannel('app:status')).toBe(true)
    expect(isPushChannel('constructor')).toBe(false)
  })
})
