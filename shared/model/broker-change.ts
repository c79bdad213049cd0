// What applying a change of the embedded broker's settings does, worked out before it is applied so the
// console can say it first: a persistence change restarts the whole broker; a listener change restarts
// only that listener (its clients reconnect, every other client and every session stays); anonymous
// access and limits apply live.
import type { BrokerSettings } from './settings'

/** A listener of the embedded broker, as the settings describe it. */
export type ListenerKind = 'mqtt' | 'websocket' | 'tls'

export type BrokerChangeEffect =
  /** The broker stops and starts: every client is disconnected; sessions survive only in a persistent mode. */
  | { kind: 'broker-restart' }
  /** This listener closes (its clients are disconnected) and opens again with the new values. */
  | { kind: 'listener-restart'; listener: ListenerKind }
  | { kind: 'listener-start'; listener: ListenerKind }
  | { kind: 'listener-stop'; listener: ListenerKind }
  /** Applied at once to everyone: the next CONNECT for anonymous access, the next messages for limits. */
  | { kind: 'live'; what: 'anonymous' | 'limits' }

export function brokerChangeEffects(before: BrokerSettings, after: BrokerSettings): BrokerChangeEffect[] {
  if (before.persistence !== after.persistence || before.durability !== after.durability) return [{ kind: 'broker-restart' }]
  const effects: BrokerChangeEffect[] = []
  const exposureChanged = before.exposure !== after.exposure
  if (exposureChanged || before.port !== after.port) effects.push({ kind: 'listener-restart', listener: 'mqtt' })
  effects.push(...optionalListener('websocket', before.websocket, after.websocket, exposureChanged))
  effects.push(...optionalListener('tls', before.tls, after.tls, exposureChanged))
  if (before.allowAnonymous !== after.allowAnonymous) effects.push({ kind: 'live', what: 'anonymous' })
  if (JSON.stringify(before.limits) !== JSON.stringify(after.limits)) effects.push({ kind: 'live', what: 'limits' })
  return effects
}

function optionalListener<T extends { enabled: boolean }>(listener: ListenerKind, before: T, after: T, exposureChanged: boolean): BrokerChangeEffect[] {
  if (!before.enabled && !after.enabled) return []
  if (!before.enabled) return [{ kind: 'listener-start', listener }]
  if (!after.enabled) return [{ kind: 'listener-stop', listener }]
  return exposureChanged || JSON.stringify(before) !== JSON.stringify(after) ? [{ kind: 'listener-restart', listener }] : []
}
