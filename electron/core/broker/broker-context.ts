// What packet handlers may use of the broker: one narrow interface instead of the whole Broker class,
// so handlers stay testable and cannot reach listeners or timers they have no business with.
import type { Logger } from '../support/logger'
import type { BrokerCounters } from './broker-stats'
import type { BrokerObserver, BrokerPolicy, ClientInfo, DropReason } from './hooks'
import type { BrokerLimits } from './limits'
import type { BrokerMessage } from './message'
import type { RetainedStore } from './retained'
import type { Session } from './session'
import type { SubscriptionIndex } from './subscription-index'
import type { Connection } from './connection'
import type { Persister } from './persistence/persister'

export interface BrokerContext {
  readonly limits: BrokerLimits
  readonly policy: BrokerPolicy
  readonly log: Logger
  readonly sessions: Map<string, Session>
  readonly connections: Map<string, Connection>
  readonly subscriptions: SubscriptionIndex
  readonly retained: RetainedStore
  readonly counters: BrokerCounters
  /** Where state changes go to become durable (NO_PERSISTENCE in memory-only mode). */
  readonly persister: Persister
  now(): number
  /** True when some observer implements `method`: callers skip building events nobody reads. */
  observes(method: keyof BrokerObserver): boolean
  /** Calls every observer's method, each in its own try/catch. */
  notify<K extends keyof BrokerObserver>(method: K, ...args: Parameters<NonNullable<BrokerObserver[K]>>): void
  /** Routes an application message to every matching session; returns how many sessions it reached. */
  route(message: BrokerMessage, from: ClientInfo | null): number
  /** Counts a drop for a client (or the broker) and tells observers. */
  countDrop(clientId: string | null, topic: string, reason: DropReason): void
  /** Called by a connection after CONNECT succeeded. */
  attach(connection: Connection, session: Session): void
  /** Called when a connection ends; decides about the session and the will. */
  detach(connection: Connection, publishWill: boolean): void
  /** Removes a session and its subscriptions. */
  discardSession(clientId: string): void
  /** A new client id for v5 clients that sent an empty one. */
  assignClientId(): string
  /** Cancels a delayed will waiting for this client id (it reconnected). */
  cancelDelayedWill(clientId: string): void
}
