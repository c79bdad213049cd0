// The app's own connection: its random password lets it past a policy that refuses everyone, a guess
// at its user name is refused like any bad password, and other clients meet the policy unchanged.
import { describe, expect, it } from 'vitest'
import type { AuthRequest, BrokerPolicy, ClientInfo } from '../../../../electron/core/broker/hooks'
import { makeTrustedCredentials, withTrustedClient } from '../../../../electron/core/console/trusted-client-policy'

const denyAll: BrokerPolicy = {
  authenticate: () => ({ ok: false, reasonCode: 0x87, reason: 'no' }),
  authorizePublish: () => false,
  authorizeSubscribe: () => false,
  authorizeRead: () => false,
}
const request = (username: string | null, password: string | null): AuthRequest => ({
  clientId: 'c', username, password: password === null ? null : Buffer.from(password), address: '127.0.0.1:1', listener: 'mqtt', certificateCommonName: null, protocolVersion: 5,
})
const info = (username: string | null): ClientInfo => ({ clientId: 'c', username, address: '127.0.0.1:1', protocolVersion: 5, listener: 'mqtt', certificateCommonName: null })

describe('withTrustedClient', () => {
  const trusted = makeTrustedCredentials()
  const policy = withTrustedClient(denyAll, trusted)

  it('lets the app’s own connection in and past the ACL, except the $ rules everyone obeys', () => {
    expect(policy.authenticate!(request(trusted.username, trusted.password))).toEqual({ ok: true, username: trusted.username })
    expect(policy.authorizePublish!(info(trusted.username), 'any/topic')).toBe(true)
    expect(policy.authorizeSubscribe!(info(trusted.username), '#')).toBe(true)
    expect(policy.authorizeRead!(info(trusted.username), 'secret')).toBe(true)
    expect(policy.authorizePublish!(info(trusted.username), '$SYS/broker/uptime')).toBe(false)
  })

  it('refuses a guess at its user name with 0x86, and leaves everyone else to the policy', () => {
    expect(policy.authenticate!(request(trusted.username, 'guess'))).toMatchObject({ ok: false, reasonCode: 0x86 })
    expect(policy.authenticate!(request(trusted.username, null))).toMatchObject({ ok: false, reasonCode: 0x86 })
    expect(policy.authenticate!(request('ada', 'pw'))).toMatchObject({ ok: false, reasonCode: 0x87 })
    expect(policy.authorizePublish!(info('ada'), 'any/topic')).toBe(false)
    expect(makeTrustedCredentials().password).not.toBe(trusted.password)
  })
})
