// The explorer's side of the backend: the connections it holds (the embedded broker's first), one topic
// tree model per connection fed by their messages, and one batcher turning them into 'tree:delta' pushes.
import { createProfile, EMBEDDED_BROKER_PROFILE_ID, type ConnectionProfile, type DefaultSubscription } from '../../../shared/model/connection-profile'
import type { ExplorerConnection } from '../../../shared/model/explorer'
import type { TopicTreeSnapshot } from '../../../shared/model/topic-tree'
import { ExternalClient, type PacketEvent } from '../client/external-client'
import { UpdateBatcher } from '../observe/update-batcher'
import type { PushTarget } from '../push-hub'
import { AppFailure } from '../support/app-failure'
import type { Logger } from '../support/logger'
import { TopicTreeModel } from './topic-tree-model'
import type { HistoryRecorder } from './history-recorder'
import type { HistoryMessage, HistoryPage, HistoryPageRequest } from '../../../shared/model/history'
import type { PublishRequest, PublishResult } from '../../../shared/model/publish'
import { MAX_RETAINED_LIST, type ClearRetainedRequest, type ClearRetainedResult, type RetainedList, type RetainedListRequest, type UndoClearResult } from '../../../shared/model/retained'
import { RetainedClearing } from './retained-clearing'

/**
 * What an explorer connection subscribes to by default: every topic, at QoS 2 so each message arrives at
 * the QoS it was published with (the tree shows the real one), and $SYS, which '#' never matches.
 */
const EVERY_TOPIC: DefaultSubscription[] = [
  { filter: '#', qos: 2, noLocal: false, retainAsPublished: true, retainHandling: 0 },
  { filter: '$SYS/#', qos: 0, noLocal: false, retainAsPublished: true, retainHandling: 0 },
]

/** The connection list's rates change every second; so does its push (house style: a 1 Hz summary). */
export const CONNECTIONS_PUSH_INTERVAL_MS = 1000

/** A connection's packet, with who sent or received it on this side (its client id, or its name without one). */
export type PacketWatcher = (e: PacketEvent, who: { clientId: string; protocolVersion: 3 | 4 | 5 }) => void

interface HeldConnection {
  profile: ConnectionProfile
  client: ExternalClient
  model: TopicTreeModel
  release: () => void
  /** The packet listener, only while the lab follows this connection (MQTT.js events cost nothing otherwise). */
  packetTap: (() => void) | null
}

/** Holds the explorer's connections and their trees for one backend. */
export class ExplorerService {
  private readonly connections = new Map<string, HeldConnection>()
  private readonly packetWatchers = new Map<string, Set<PacketWatcher>>()
  private readonly batcher: UpdateBatcher
  private readonly timer: NodeJS.Timeout
  private readonly retained: RetainedClearing

  constructor(private readonly push: PushTarget, private readonly log: Logger, private readonly history: HistoryRecorder | null = null, treeFlushMs?: number) {
    this.batcher = new UpdateBatcher({ treeDelta: (delta) => push.send('tree:delta', delta) }, treeFlushMs === undefined ? {} : { intervalMs: treeFlushMs, hiddenIntervalMs: treeFlushMs })
    this.retained = new RetainedClearing(history)
    this.timer = setInterval(() => {
      // Rates fall back to 0 on quiet topics only when someone refreshes them.
      for (const held of this.connections.values()) held.model.refreshRates()
      if (this.connections.size > 0) this.pushConnections()
    }, CONNECTIONS_PUSH_INTERVAL_MS)
    this.timer.unref()
  }

  /**
   * (Re)connects the built-in "Embedded broker" connection to where the broker now listens, subscribed to
   * every topic ('#' and '$SYS/#'), signed in as the broker's trusted client; null removes it (the broker
   * is not running). `endpoint` is a connectable address (AppCore.localEndpoint maps 0.0.0.0 to loopback).
   */
  async connectEmbedded(endpoint: { host: string; port: number; username: string; password: string } | null): Promise<void> {
    await this.remove(EMBEDDED_BROKER_PROFILE_ID)
    if (endpoint === null) return
    const profile = createProfile({
      id: EMBEDDED_BROKER_PROFILE_ID, name: 'Embedded broker', host: endpoint.host, port: endpoint.port, protocolVersion: 5,
      username: endpoint.username, password: endpoint.password,
      reconnect: { enabled: true, minDelayMs: 500, maxDelayMs: 5000 },
      defaultSubscriptions: EVERY_TOPIC,
    })
    await this.add(profile)
  }

  /**
   * Follows the packets a connection sends and receives (for the QoS lab, seen from this side), with the
   * lane it is drawn in; kept by id, so a connection re-opened with new settings goes on being followed.
   * null when there is no such connection.
   */
  watchPackets(id: string, cb: PacketWatcher): (() => void) | null {
    if (!this.connections.has(id)) return null
    let watchers = this.packetWatchers.get(id)
    if (watchers === undefined) this.packetWatchers.set(id, watchers = new Set())
    watchers.add(cb)
    this.tapPackets(id)
    return () => {
      watchers.delete(cb)
      if (watchers.size > 0 || this.packetWatchers.get(id) !== watchers) return
      this.packetWatchers.delete(id)
      const held = this.connections.get(id)
      held?.packetTap?.()
      if (held !== undefined) held.packetTap = null
    }
  }

  /** Listens to the connection's packets while someone watches them (again after a re-open). */
  private tapPackets(id: string): void {
    const held = this.connections.get(id)
    if (held === undefined || held.packetTap !== null || !this.packetWatchers.has(id)) return
    // Without a client id of its own the broker picks one, maybe without saying which (3.1.1): the lane
    // takes the connection's name, and keeps it, so a trace's lanes stay put.
    const who = { clientId: held.profile.clientId !== '' ? held.profile.clientId : held.profile.name, protocolVersion: held.profile.protocolVersion }
    held.packetTap = held.client.onPacket((e) => {
      const watchers = this.packetWatchers.get(id)
      if (watchers !== undefined) for (const cb of watchers) cb(e, who)
    })
  }

  /** Where the "Embedded broker" connection points ("host:port"), or null when there is none. */
  embeddedEndpoint(): string | null {
    const profile = this.connections.get(EMBEDDED_BROKER_PROFILE_ID)?.profile
    return profile === undefined ? null : `${profile.host}:${profile.port}`
  }

  /** Opens a connection and starts its tree; a failed first attempt is reported in its status, not thrown. */
  async add(given: ConnectionProfile): Promise<void> {
    if (this.connections.has(given.id)) throw new AppFailure('bad-request', `A connection with id ${given.id} is already open.`)
    // An explorer shows everything unless the profile says what to subscribe to.
    const profile = given.defaultSubscriptions.length > 0 ? given : { ...given, defaultSubscriptions: EVERY_TOPIC }
    const client = new ExternalClient(profile)
    const model = new TopicTreeModel(profile.id)
    const offMessage = client.onMessage((topic, payload, info) => {
      model.ingest(topic, payload, { qos: info.qos, retain: info.retain, at: info.receivedAt })
      this.history?.record({
        connectionId: profile.id, topic, payload, qos: info.qos, retain: info.retain, dup: info.dup,
        packetId: info.packetId, properties: info.properties, receivedAt: info.receivedAt,
      })
    })
    const offStatus = client.onStatus(() => this.pushConnections())
    const detach = this.batcher.attach(profile.id, model)
    const held: HeldConnection = { profile, client, model, packetTap: null, release: () => { offMessage(); offStatus(); held.packetTap?.(); detach() } }
    this.connections.set(profile.id, held)
    this.tapPackets(profile.id)
    this.pushConnections()
    try {
      await client.connect()
    } catch (err) {
      this.log.warn(`Explorer connection '${profile.name}': ${(err as Error).message}`)
    }
  }

  /** True while the connection is open (connected or trying). */
  isOpen(id: string): boolean {
    return this.connections.has(id)
  }

  /** Opens a saved profile, replacing the open connection of the same id (new settings apply at once). */
  async open(profile: ConnectionProfile): Promise<void> {
    await this.remove(profile.id)
    await this.add(profile)
  }

  /** Closes a connection and forgets its tree. */
  async remove(id: string): Promise<void> {
    const held = this.connections.get(id)
    if (held === undefined) return
    this.connections.delete(id)
    held.release()
    await held.client.disconnect()
    this.pushConnections()
  }

  /** The connections, in the order they were opened. */
  list(): ExplorerConnection[] {
    return [...this.connections.values()].map(({ profile, client }) => ({
      id: profile.id,
      name: profile.name,
      url: `${profile.transport}://${profile.host.includes(':') ? `[${profile.host}]` : profile.host}:${profile.port}${profile.transport.startsWith('ws') ? profile.wsPath : ''}`,
      protocolVersion: profile.protocolVersion,
      status: client.status,
    }))
  }

  /** Publishes on an open connection; the broker's refusal or a closed connection is an AppFailure that says so. */
  async publish(req: PublishRequest): Promise<PublishResult> {
    return this.require(req.connectionId).client.publish(req.topic, req.payload, { qos: req.qos, retain: req.retain, properties: req.properties })
  }

  /** The topics at (and with `subtree`, below) a path whose last message here was retained. */
  retainedList(req: RetainedListRequest): RetainedList {
    const topics = this.require(req.connectionId).model.retainedTopics(req.topic, req.subtree, MAX_RETAINED_LIST + 1)
    return { topics: topics.slice(0, MAX_RETAINED_LIST), truncated: topics.length > MAX_RETAINED_LIST }
  }

  /** Clears the retained messages of these topics (one chunk of a clear), keeping them for an undo. */
  clearRetained(req: ClearRetainedRequest): Promise<ClearRetainedResult> {
    return this.retained.clear(req.connectionId, this.require(req.connectionId).client, req.topics, req.undoId)
  }

  /** Publishes again what a clear removed (on the same connection, which must still be open). */
  undoClear(undoId: string): Promise<UndoClearResult> {
    return this.retained.undo(undoId, (connectionId) => this.require(connectionId).client)
  }

  private require(connectionId: string): HeldConnection {
    const held = this.connections.get(connectionId)
    if (held === undefined) throw new AppFailure('not-found', `No open explorer connection ${connectionId}.`)
    return held
  }

  /** A connection's whole tree, with the seq of the last delta it includes. */
  snapshot(connectionId: string): TopicTreeSnapshot {
    const snapshot = this.batcher.snapshot(connectionId)
    if (snapshot === null) throw new AppFailure('not-found', `No explorer connection ${connectionId}.`)
    return snapshot
  }

  /** One page of a topic's history (newest first), including what arrived in the last few ms. */
  historyPage(req: HistoryPageRequest): HistoryPage {
    const history = this.requireHistory()
    history.flush()
    return history.store.page(req)
  }

  /** One stored message with its whole payload. */
  historyMessage(id: number): HistoryMessage {
    const message = this.requireHistory().store.get(id)
    if (message === null) throw new AppFailure('not-found', `Message ${id} is no longer in the history (it was pruned or deleted).`)
    return message
  }

  private requireHistory(): HistoryRecorder {
    if (this.history === null) throw new AppFailure('unavailable', 'The message history is not available in this backend (see the warnings).')
    return this.history
  }

  /** Slower pushes while no window shows them. */
  setHidden(hidden: boolean): void {
    this.batcher.setHidden(hidden)
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
    await Promise.all([...this.connections.keys()].map((id) => this.remove(id)))
    this.history?.close()
  }

  private pushConnections(): void {
    this.push.send('explorer:connections', this.list())
  }
}
