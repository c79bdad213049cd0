// Connection profiles: the defaults are valid, and each mistake gets its own readable sentence.
import { describe, expect, it } from 'vitest'
import { createProfile, validateProfile, type ConnectionProfile } from '../../../shared/model/connection-profile'

const base = (): ConnectionProfile => createProfile({ id: 'p1', name: 'Home', host: 'broker.local' })

describe('validateProfile', () => {
  it('accepts a fresh profile with its defaults', () => {
    expect(validateProfile(base())).toBeNull()
  })

  it.each<[string, (p: ConnectionProfile) => void, RegExp]>([
    ['an empty name', (p) => { p.name = ' ' }, /name/],
    ['an empty host', (p) => { p.host = '' }, /host name or IP/],
    ['a path in the host', (p) => { p.host = 'broker/mqtt' }, /cannot contain spaces or '\/'/],
    ['port 0', (p) => { p.port = 0 }, /port must be a whole number from 1 to 65535/],
    ['port 70000', (p) => { p.port = 70000 }, /port must be a whole number/],
    ['a WebSocket path without a slash', (p) => { p.transport = 'ws'; p.wsPath = 'mqtt' }, /must start with '\/'/],
    ['a 3.1.1 password without a user name', (p) => { p.protocolVersion = 4; p.username = null; p.password = 'x' }, /password without a user name/],
    ['a negative keep-alive', (p) => { p.keepaliveS = -1 }, /Keep alive/],
    ['a will topic with a wildcard', (p) => { p.will = { topic: 'a/#', payload: '', qos: 0, retain: false, properties: { willDelayIntervalS: null } } as unknown as ConnectionProfile['will'] }, /Will topic/],
    ['a client certificate without its key', (p) => { p.tls = { ...p.tls, cert: 'PEM', key: null } }, /needs its private key/],
  ])('refuses %s', (_name, change, message) => {
    const p = base()
    change(p)
    expect(validateProfile(p)).toMatch(message)
  })
})
