// Coalesces topic-tree changes into at most one delta per connection per interval (house style B4).
// Transport-free: timers and the sink are injected; it never imports Electron and never sends per message.
import type { TopicNodeStats, TopicTreeDelta, TopicTreeSnapshot } from '../../../shared/model/topic-tree'

/** Flush cadence while the window is visible: about one frame budget of 6 frames, one push per channel. */
export const FLUSH_INTERVAL_MS = 100
/** Flush cadence while the window is hidden: nobody watches, so save the renderer's work. */
export const HIDDEN_FLUSH_INTERVAL_MS = 300
/**
 * Entries (upserts plus removals) per delta. 5,000 rows of about 200 bytes keep one structured-clone under
 * ~1 MB, so a burst of new topics cannot stall the renderer for a frame; the rest follows in the next flush.
 */
export const MAX_ENTRIES_PER_DELTA = 5_000

/** The timer functions the batcher uses; `globalThis` in production, a fake clock in tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** Where deltas go (ipc/push.ts, the web server, or a test). Must not throw. */
export interface BatchSink {
  treeDelta(delta: TopicTreeDelta): void
}

/** A connection's tree as the batcher pulls it; TopicTreeModel implements it. */
export interface TreeDeltaSource {
  /** Changed nodes since the last take, each once. */
  takeDirty(): TopicNodeStats[]
  /** Removed paths since the last take. */
  takeRemoved(): string[]
  /** Every node, parents first. */
  snapshot(): TopicNodeStats[]
  readonly structureVersion: number
  /** Messages the source could not store (counted, reported as `droppedUpdates`). */
  readonly droppedTopics: number
  /** Set by `attach`: the source calls it once on its first change after a take. */
  onChange: (() => void) | null
}

/** Cadence and caps of an UpdateBatcher. */
export interface UpdateBatcherOptions {
  intervalMs?: number
  hiddenIntervalMs?: number
  maxEntriesPerDelta?: number
}

/** Per connection: its source, pending changes (path → latest row, or null for removed) and counters. */
interface ConnectionState {
  readonly source: TreeDeltaSource
  /** Insertion order is kept by Map, so a busy topic keeps its place and cannot starve quieter ones. */
  readonly pending: Map<string, TopicNodeStats | null>
  seq: number
  /** Our own structure counter: bumps on each delta sent while structure changes are still in flight. */
  structureVersion: number
  lastSourceStructure: number
  structurePending: boolean
  lastDropped: number
  changed: boolean
}

/**
 * Pulls changes from attached tree sources and pushes them to the sink as one `TopicTreeDelta` per connection
 * per flush, at most once per interval (100 ms, 300 ms while hidden). Changes to one path are coalesced: last
 * write wins, and a removal supersedes an earlier upsert (and vice versa). A delta holds at most
 * `maxEntriesPerDelta` entries; the rest stays pending for the next flush, never lost. `seq` increases by one
 * per delta per connection, and `snapshot()` returns the current `seq` so a renderer that saw a gap can resync.
 */
export class UpdateBatcher {
  /** Pending rows replaced by a newer one before they were sent (the model counts its own in `coalescedUpdates`). */
  coalescedUpserts = 0
  /** Deltas sent, all connections together. */
  deltasSent = 0

  private readonly connections = new Map<string, ConnectionState>()
  private handle: unknown = null
  private hidden = false
  private readonly intervalMs: number
  private readonly hiddenIntervalMs: number
  private readonly maxEntries: number

  constructor(
    private readonly sink: BatchSink,
    options: UpdateBatcherOptions = {},
    private readonly timers: Timers = globalThis,
  ) {
    this.intervalMs = options.intervalMs ?? FLUSH_INTERVAL_MS
    this.hiddenIntervalMs = options.hiddenIntervalMs ?? HIDDEN_FLUSH_INTERVAL_MS
    this.maxEntries = options.maxEntriesPerDelta ?? MAX_ENTRIES_PER_DELTA
  }

  /** Starts batching a connection's tree; returns the function that detaches it (pending changes are dropped). */
  attach(connectionId: string, source: TreeDeltaSource): () => void {
    if (this.connections.has(connectionId)) throw new Error(`Connection ${connectionId} is already attached.`)
    const state: ConnectionState = {
      source, pending: new Map(), seq: 0, structureVersion: 0, lastSourceStructure: source.structureVersion,
      structurePending: false, lastDropped: source.droppedTopics, changed: true,
    }
    this.connections.set(connectionId, state)
    source.onChange = () => this.notify(connectionId)
    this.schedule()
    return () => {
      if (this.connections.get(connectionId) !== state) return
      source.onChange = null
      this.connections.delete(connectionId)
    }
  }

  /** Says a connection's source has changes; schedules a flush. Cheap: call it as often as you like. */
  notify(connectionId: string): void {
    const state = this.connections.get(connectionId)
    if (state === undefined) return
    state.changed = true
    this.schedule()
  }

  /** Slows the cadence while the window is hidden; a flush already waiting is rescheduled at the new cadence. */
  setHidden(hidden: boolean): void {
    if (hidden === this.hidden) return
    this.hidden = hidden
    if (this.handle === null) return
    this.timers.clearTimeout(this.handle)
    this.handle = null
    this.schedule()
  }

  /** The whole tree of a connection with the `seq` of the last delta sent; null for an unknown connection. */
  snapshot(connectionId: string): TopicTreeSnapshot | null {
    const state = this.connections.get(connectionId)
    if (state === undefined) return null
    return { connectionId, seq: state.seq, nodes: state.source.snapshot(), structureVersion: state.structureVersion }
  }

  /** Sends what is pending now (the timer calls it; tests and shutdown may too). */
  flush(): void {
    if (this.handle !== null) {
      this.timers.clearTimeout(this.handle)
      this.handle = null
    }
    let more = false
    for (const [connectionId, state] of this.connections) {
      if (this.flushConnection(connectionId, state)) more = true
    }
    if (more) this.schedule()
  }

  /** Stops the timer; pending changes are not sent. */
  dispose(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle)
    this.handle = null
    for (const state of this.connections.values()) state.source.onChange = null
    this.connections.clear()
  }

  /** Sends at most one delta; returns true when entries remain pending. */
  private flushConnection(connectionId: string, state: ConnectionState): boolean {
    if (state.changed) {
      state.changed = false
      // Removals first, then upserts: a path removed and re-created since the last take ends as an upsert.
      for (const path of state.source.takeRemoved()) this.put(state, path, null)
      for (const row of state.source.takeDirty()) this.put(state, row.path, row)
    }
    const sourceStructure = state.source.structureVersion
    if (sourceStructure !== state.lastSourceStructure) {
      state.lastSourceStructure = sourceStructure
      state.structurePending = true
    }
    const dropped = state.source.droppedTopics
    if (state.pending.size === 0 && !state.structurePending && dropped === state.lastDropped) return false

    const upserts: TopicNodeStats[] = []
    const removed: string[] = []
    let taken = 0
    for (const [path, row] of state.pending) {
      if (taken === this.maxEntries) break
      if (row === null) removed.push(path)
      else upserts.push(row)
      state.pending.delete(path)
      taken++
    }
    // Bump on every delta while a structure change is in flight, so a renderer rebuilds its flat list
    // again when the rows of new nodes arrive over several capped deltas.
    if (state.structurePending) {
      state.structureVersion++
      if (state.pending.size === 0) state.structurePending = false
    }
    state.lastDropped = dropped
    state.seq++
    this.deltasSent++
    this.sink.treeDelta({
      connectionId, seq: state.seq, upserts, removed, structureVersion: state.structureVersion, droppedUpdates: dropped,
    })
    return state.pending.size > 0
  }

  private put(state: ConnectionState, path: string, row: TopicNodeStats | null): void {
    if (state.pending.has(path)) this.coalescedUpserts++
    state.pending.set(path, row)
  }

  private schedule(): void {
    if (this.handle !== null) return
    this.handle = this.timers.setTimeout(() => {
      this.handle = null
      this.flush()
    }, this.hidden ? this.hiddenIntervalMs : this.intervalMs)
  }
}
