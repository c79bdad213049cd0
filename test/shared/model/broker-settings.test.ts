// The broker part of the settings: patches checked field by field with a sentence naming the bad one,
// stored files read leniently, whole settings checked for shared ports and missing TLS files, and the
// effect of a change worked out before it is applied.
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../../electron/core/broker/limits'
import { brokerChangeEffects } from '../../../shared/model/broker-change'
import { DEFAULT_BROKER_LIMIT_SETTINGS, DEFAULT_SETTINGS, type BrokerSettings } from '../../../shared/model/settings'
import { applySettingsPatch, brokerSettingsProblem, parseSettingsPatch, settingsFromStored } from '../../../shared/model/settings-parse'

const base: BrokerSettings = DEFAULT_SETTINGS.broker
const withBroker = (patch: Parameters<typeof applySettingsPatch>[1]['broker']): BrokerSettings => applySettingsPatch(DEFAULT_SETTINGS, { broker: patch }).broker

describe('broker settings', () => {
  it('defaults its limits to the broker’s own', () => {
    for (const [name, value] of Object.entries(DEFAULT_BROKER_LIMIT_SETTINGS)) expect(DEFAULT_LIMITS[name as keyof typeof DEFAULT_LIMITS]).toBe(value)
  })

  it('reads a patch with nested parts, naming the first bad field', () => {
    expect(parseSettingsPatch({ broker: { allowAnonymous: false, websocket: { enabled: true }, limits: { maxQueuedMessages: 5 } } }))
      .toEqual({ broker: { allowAnonymous: false, websocket: { enabled: true }, limits: { maxQueuedMessages: 5 } } })
    expect(parseSettingsPatch({ broker: { limits: { maxQueuedMessages: 0 } } })).toBe('"broker.limits.maxQueuedMessages" must be a whole number from 1 to 10000000.')
    expect(parseSettingsPatch({ broker: { limits: { maxInflightMessages: 70000 } } })).toMatch(/from 1 to 65535/)
    expect(parseSettingsPatch({ broker: { limits: { unlimited: true } } })).toBe('Unknown setting "broker.limits.unlimited".')
    expect(parseSettingsPatch({ broker: { tls: { port: -1 } } })).toBe('"broker.tls.port" has a wrong value.')
    expect(parseSettingsPatch({ broker: { websocket: 'on' } })).toBe('"broker.websocket" must be an object.')
    expect(parseSettingsPatch({ broker: { allowAnonymous: 'yes' } })).toBe('"broker.allowAnonymous" must be true or false.')
  })

  it('merges nested parts of a patch without losing their other fields', () => {
    const next = withBroker({ tls: { port: 9883 }, limits: { maxConnections: 5 } })
    expect(next.tls).toEqual({ ...base.tls, port: 9883 })
    expect(next.limits).toEqual({ ...base.limits, maxConnections: 5 })
  })

  it('reads a stored file leniently: a bad field takes its default, an old file gets the new fields', () => {
    const stored = settingsFromStored({ broker: { port: 1884, websocket: { enabled: true, port: 'x' }, limits: { maxQueuedMessages: -3, maxConnections: 7 } } }, DEFAULT_SETTINGS)
    expect(stored.broker.port).toBe(1884)
    expect(stored.broker.websocket).toEqual({ enabled: true, port: 8080 })
    expect(stored.broker.limits).toEqual({ ...DEFAULT_BROKER_LIMIT_SETTINGS, maxConnections: 7 })
    expect(stored.broker.allowAnonymous).toBe(true)
  })

  it('finds listeners sharing a port and a TLS listener without its files', () => {
    expect(brokerSettingsProblem(base)).toBeNull()
    expect(brokerSettingsProblem(withBroker({ websocket: { enabled: true, port: 1883 } }))?.message).toBe('The MQTT and WebSocket listeners cannot share port 1883.')
    expect(brokerSettingsProblem(withBroker({ websocket: { enabled: false, port: 1883 } }))).toBeNull()
    expect(brokerSettingsProblem(withBroker({ tls: { enabled: true, certFile: 'c.pem' } }))?.code).toBe('tls-files')
    expect(brokerSettingsProblem(withBroker({ tls: { enabled: true, certFile: 'c.pem' } }))?.message).toBe('The TLS listener needs a certificate file and a key file.')
    expect(brokerSettingsProblem(withBroker({ tls: { enabled: true, certFile: 'c', keyFile: 'k', requireCertificate: true } }))?.message).toMatch(/needs the CA file/)
    expect(brokerSettingsProblem(withBroker({ port: 0, websocket: { enabled: true, port: 0 } }))).toBeNull() // 0: any free port
  })

  it('says what a change does before it is applied', () => {
    expect(brokerChangeEffects(base, base)).toEqual([])
    expect(brokerChangeEffects(base, withBroker({ persistence: 'none', allowAnonymous: false }))).toEqual([{ kind: 'broker-restart' }])
    expect(brokerChangeEffects(base, withBroker({ port: 1884 }))).toEqual([{ kind: 'listener-restart', listener: 'mqtt' }])
    expect(brokerChangeEffects(base, withBroker({ websocket: { enabled: true } }))).toEqual([{ kind: 'listener-start', listener: 'websocket' }])
    const ws = withBroker({ websocket: { enabled: true } })
    expect(brokerChangeEffects(ws, { ...ws, exposure: 'network' })).toEqual([
      { kind: 'listener-restart', listener: 'mqtt' }, { kind: 'listener-restart', listener: 'websocket' },
    ])
    expect(brokerChangeEffects(ws, base)).toEqual([{ kind: 'listener-stop', listener: 'websocket' }])
    expect(brokerChangeEffects(base, withBroker({ tls: { port: 9999 } }))).toEqual([]) // off before and after
    expect(brokerChangeEffects(base, withBroker({ allowAnonymous: false, limits: { maxQueuedMessages: 9 } }))).toEqual([
      { kind: 'live', what: 'anonymous' }, { kind: 'live', what: 'limits' },
    ])
  })
})
