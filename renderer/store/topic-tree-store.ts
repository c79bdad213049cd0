// The live topic tree per connection, fed by tree:delta pushes and tree:snapshot answers (ipc-sync.ts):
// one set() per delta or snapshot, node objects replaced whole so each row's selector sees only its own change.
// Never calls the backend itself: on a seq gap it asks the injected resync function for a snapshot. While paused,
// deltas and snapshots are held per connection (bounded) and go through the same seq checks on resume.
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { TopicNodeStats, TopicTreeDelta, TopicTreeSnapshot } from '../../shared/model/topic-tree'

/** Deltas kept while waiting for a snapshot; older ones are dropped (the snapshot covers them or a new gap shows). */
const MAX_QUEUED_DELTAS = 256
/** Deltas held per connection while paused; one more drops them all and the tree reloads from a snapshot on resume. */
export const MAX_HELD_DELTAS = 2_000

/** One connection's tree as the page holds it. */
export interface ConnectionTree {
  nodes: ReadonlyMap<string, TopicNodeStats>
  /** The `seq` of the last delta (or snapshot) applied. */
  lastSeq: number
  /** True from a gap (or a requested snapshot) until the snapshot arrives; deltas wait in `queued` meanwhile. */
  stale: boolean
  queued: readonly TopicTreeDelta[]
  droppedUpdates: number
}

/** What one connection received while the tree was paused. */
export interface HeldUpdates {
  /** In arrival order; applied in seq order on resume, with the usual gap check. */
  deltas: readonly TopicTreeDelta[]
  /** The newest snapshot that arrived while paused (after a gap or a reconnect): applied first on resume. */
  snapshot: TopicTreeSnapshot | null
  /** More than {@link MAX_HELD_DELTAS} arrived: they were dropped, and resume asks for a snapshot instead. */
  overflowed: boolean
}

/** Asks the backend for a snapshot of one connection's tree (ipc-sync injects it). */
export type RequestSnapshot = (connectionId: string) => void

export interface TopicTreeState {
  trees: ReadonlyMap<string, ConnectionTree>
  /** Bumped whenever a node is added or removed in any tree: the visible list is rebuilt only then. */
  structureVersion: number
  /** Row keys (see {@link rowKey}) of expanded rows; a connection root starts expanded. */
  expanded: ReadonlySet<string>
  /** Row key of the selected row, or null. */
  selected: string | null
  /** True while the user reads a still tree: deltas and snapshots wait in `held`. */
  paused: boolean
  held: ReadonlyMap<string, HeldUpdates>
  pause(): void
  /** Applies what was held, connection by connection (or asks for a snapshot where the buffer overflowed). */
  resume(): void
  attach(requestSnapshot: RequestSnapshot | null): void
  applyDelta(delta: TopicTreeDelta): void
  applySnapshot(snapshot: TopicTreeSnapshot): void
  /** Marks a connection stale (its deltas wait) and asks for a snapshot: at start, after a reconnect. */
  resync(connectionId: string): void
  /** Drops a closed connection's tree (and its selection), so a reopened one starts empty. */
  forget(connectionId: string): void
  toggle(key: string): void
  setExpanded(key: string, expanded: boolean): void
  select(key: string | null): void
}

/** The row key of a connection's root row. */
export const rootKey = (connectionId: string): string => connectionId
/** The row key of a topic row; U+0000 cannot occur in an MQTT topic name [MQTT-4.7.3-2]. */
export const rowKey = (connectionId: string, path: string): string => `${connectionId}\u0000${path}`

/** The connection and topic path of a row key; `path` is null for a connection root. */
export function parseRowKey(key: string): { connectionId: string; path: string | null } {
  const at = key.indexOf('\u0000')
  return at < 0 ? { connectionId: key, path: null } : { connectionId: key.slice(0, at), path: key.slice(at + 1) }
}

const EMPTY_TREE: ConnectionTree = { nodes: new Map(), lastSeq: 0, stale: false, queued: [], droppedUpdates: 0 }
const NOTHING_HELD: HeldUpdates = { deltas: [], snapshot: null, overflowed: false }

/** Applies one delta's changes to a node map in place; reports whether nodes were added or removed. */
function applyInto(nodes: Map<string, TopicNodeStats>, delta: TopicTreeDelta): boolean {
  let structural = false
  for (const node of delta.upserts) {
    if (!nodes.has(node.path)) structural = true
    nodes.set(node.path, node)
  }
  for (const path of delta.removed) structural = nodes.delete(path) || structural
  return structural
}

/** Applies one delta to a tree (seq already checked); reports whether nodes were added or removed. */
function applyTo(tree: ConnectionTree, delta: TopicTreeDelta): { tree: ConnectionTree; structural: boolean } {
  const nodes = new Map(tree.nodes) // one copy per delta, never per message
  const structural = applyInto(nodes, delta)
  return { tree: { ...tree, nodes, lastSeq: delta.seq, droppedUpdates: delta.droppedUpdates }, structural }
}

/**
 * Applies held deltas in order with applyDelta's seq rules, copying the node map once for all of them.
 * @returns the tree, whether its structure changed, and the deltas from a seq gap on (null: no gap).
 */
function replay(tree: ConnectionTree, deltas: readonly TopicTreeDelta[]): { tree: ConnectionTree; structural: boolean; gap: TopicTreeDelta[] | null } {
  let nodes: Map<string, TopicNodeStats> | null = null
  let next = tree
  let structural = false
  for (let i = 0; i < deltas.length; i++) {
    const delta = deltas[i] as TopicTreeDelta
    if (delta.seq <= next.lastSeq) continue
    if (delta.seq !== next.lastSeq + 1) return { tree: next, structural, gap: deltas.slice(i) }
    nodes ??= new Map(tree.nodes)
    structural = applyInto(nodes, delta) || structural
    next = { ...next, nodes, lastSeq: delta.seq, droppedUpdates: delta.droppedUpdates }
  }
  return { tree: next, structural, gap: null }
}

/** Creates a topic tree store (tests create their own; the app uses {@link topicTreeStore}). */
export function createTopicTreeStore(): StoreApi<TopicTreeState> {
  return createStore<TopicTreeState>()((set, get) => {
    let requestSnapshot: RequestSnapshot | null = null

    /** The state change that puts a tree in place, expanding a connection's root the first time it shows. */
    const withTree = (s: TopicTreeState, id: string, tree: ConnectionTree, structural: boolean): Partial<TopicTreeState> => {
      const trees = new Map(s.trees).set(id, tree)
      const isNew = !s.trees.has(id)
      return {
        trees,
        structureVersion: structural || isNew ? s.structureVersion + 1 : s.structureVersion,
        ...(isNew ? { expanded: new Set(s.expanded).add(rootKey(id)) } : {}),
      }
    }

    const markStale = (id: string, queued: readonly TopicTreeDelta[]): void => {
      const s = get()
      const tree = s.trees.get(id) ?? EMPTY_TREE
      set(withTree(s, id, { ...tree, stale: true, queued: queued.slice(-MAX_QUEUED_DELTAS) }, false))
      requestSnapshot?.(id)
    }

    return {
      trees: new Map(),
      structureVersion: 0,
      expanded: new Set(),
      selected: null,
      paused: false,
      held: new Map(),
      attach: (next) => {
        requestSnapshot = next
      },
      pause: () => set({ paused: true }),
      resume: () => {
        const { held } = get()
        set({ paused: false, held: new Map() })
        for (const [id, updates] of held) {
          if (updates.overflowed) {
            get().resync(id)
            continue
          }
          if (updates.snapshot !== null) get().applySnapshot(updates.snapshot)
          const s = get()
          const tree = s.trees.get(id) ?? EMPTY_TREE
          if (tree.stale) { // still waiting for a snapshot: the held deltas wait with the queued ones
            set(withTree(s, id, { ...tree, queued: [...tree.queued, ...updates.deltas].slice(-MAX_QUEUED_DELTAS) }, false))
            continue
          }
          const next = replay(tree, updates.deltas)
          if (next.tree !== tree) set(withTree(s, id, next.tree, next.structural))
          if (next.gap !== null) markStale(id, next.gap)
        }
      },
      applyDelta: (delta) => {
        const s = get()
        if (s.paused) {
          const held = s.held.get(delta.connectionId) ?? NOTHING_HELD
          if (held.overflowed) return // dropped: the snapshot asked for on resume covers it
          const next: HeldUpdates = held.deltas.length >= MAX_HELD_DELTAS
            ? { deltas: [], snapshot: null, overflowed: true }
            : { ...held, deltas: [...held.deltas, delta] }
          set({ held: new Map(s.held).set(delta.connectionId, next) })
          return
        }
        const tree = s.trees.get(delta.connectionId) ?? EMPTY_TREE
        if (tree.stale) {
          set(withTree(s, delta.connectionId, { ...tree, queued: [...tree.queued, delta].slice(-MAX_QUEUED_DELTAS) }, false))
          return
        }
        if (delta.seq <= tree.lastSeq) return // already in the tree (a snapshot covered it)
        if (delta.seq !== tree.lastSeq + 1) {
          markStale(delta.connectionId, [delta])
          return
        }
        const next = applyTo(tree, delta)
        set(withTree(s, delta.connectionId, next.tree, next.structural))
      },
      applySnapshot: (snapshot) => {
        const s = get()
        const id = snapshot.connectionId
        if (s.paused) {
          const held = s.held.get(id) ?? NOTHING_HELD
          if (held.overflowed || (held.snapshot !== null && held.snapshot.seq > snapshot.seq)) return
          set({ held: new Map(s.held).set(id, { ...held, snapshot }) })
          return
        }
        const before = s.trees.get(id) ?? EMPTY_TREE
        if (!before.stale && snapshot.seq < before.lastSeq) return // older than what the deltas brought
        let tree: ConnectionTree = {
          nodes: new Map(snapshot.nodes.map((node) => [node.path, node])),
          lastSeq: snapshot.seq,
          stale: false,
          queued: [],
          droppedUpdates: before.droppedUpdates,
        }
        let gap = false
        const waiting = before.queued.filter((d) => d.seq > snapshot.seq).sort((a, b) => a.seq - b.seq)
        for (const delta of waiting) {
          if (delta.seq !== tree.lastSeq + 1) {
            gap = true
            break
          }
          tree = applyTo(tree, delta).tree
        }
        set(withTree(s, id, tree, true))
        if (gap) markStale(id, waiting.filter((d) => d.seq > tree.lastSeq))
      },
      resync: (id) => markStale(id, get().trees.get(id)?.queued ?? []),
      forget: (id) => {
        const s = get()
        if (!s.trees.has(id)) return
        const trees = new Map(s.trees)
        trees.delete(id)
        const held = new Map(s.held)
        held.delete(id)
        const selected = s.selected !== null && (s.selected === rootKey(id) || s.selected.startsWith(rowKey(id, ''))) ? null : s.selected
        set({ trees, structureVersion: s.structureVersion + 1, selected, held })
      },
      toggle: (key) => get().setExpanded(key, !get().expanded.has(key)),
      setExpanded: (key, expanded) => {
        const s = get()
        if (s.expanded.has(key) === expanded) return
        const next = new Set(s.expanded)
        if (expanded) next.add(key)
        else next.delete(key)
        set({ expanded: next })
      },
      select: (key) => set({ selected: key }),
    }
  })
}

export const topicTreeStore = createTopicTreeStore()

/** One node's stats; re-renders only when that node's object is replaced. */
export const useTopicNode = (connectionId: string, path: string): TopicNodeStats | undefined =>
  useStore(topicTreeStore, (s) => s.trees.get(connectionId)?.nodes.get(path))
export const useIsSelected = (key: string): boolean => useStore(topicTreeStore, (s) => s.selected === key)
export const useSelectedKey = (): string | null => useStore(topicTreeStore, (s) => s.selected)
export const useTreeStale = (connectionId: string): boolean => useStore(topicTreeStore, (s) => s.trees.get(connectionId)?.stale ?? false)
/**
 * Nodes outside `$SYS`-style trees in every connection together: 0 shows the "publish something" state even
 * though the broker already publishes its own `$SYS` topics [MQTT-4.7.2-1].
 */
export const useUserTopicCount = (): number => useStore(topicTreeStore, (s) => {
  let total = 0
  for (const tree of s.trees.values()) for (const path of tree.nodes.keys()) if (!path.startsWith('$')) total++
  return total
})

/** What the pause meter shows: deltas waiting in all connections, the fullest buffer (0–1), and any overflow. */
export interface HeldSummary {
  waiting: number
  fill: number
  overflowed: boolean
}

export function summarizeHeld(held: ReadonlyMap<string, HeldUpdates>): HeldSummary {
  let waiting = 0
  let most = 0
  let overflowed = false
  for (const updates of held.values()) {
    waiting += updates.deltas.length
    most = Math.max(most, updates.overflowed ? MAX_HELD_DELTAS : updates.deltas.length)
    overflowed ||= updates.overflowed
  }
  return { waiting, fill: most / MAX_HELD_DELTAS, overflowed }
}

export const usePaused = (): boolean => useStore(topicTreeStore, (s) => s.paused)
export const useHeldSummary = (): HeldSummary => useStore(topicTreeStore, useShallow((s) => summarizeHeld(s.held)))
