// The live topic tree per connection, fed by tree:delta pushes and tree:snapshot answers (ipc-sync.ts):
// one set() per delta or snapshot, node objects replaced whole so each row's selector sees only its own change.
// Never calls the backend itself: on a seq gap it asks the injected resync function for a snapshot.
import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { TopicNodeStats, TopicTreeDelta, TopicTreeSnapshot } from '../../shared/model/topic-tree'

/** Deltas kept while waiting for a snapshot; older ones are dropped (the snapshot covers them or a new gap shows). */
const MAX_QUEUED_DELTAS = 256

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

const EMPTY_TREE: ConnectionTree = { nodes: new Map(), lastSeq: 0, stale: false, queued: [], droppedUpdates: 0 }

/** Applies one delta to a tree (seq already checked); reports whether nodes were added or removed. */
function applyTo(tree: ConnectionTree, delta: TopicTreeDelta): { tree: ConnectionTree; structural: boolean } {
  const nodes = new Map(tree.nodes) // one copy per delta, never per message
  let structural = false
  for (const node of delta.upserts) {
    if (!nodes.has(node.path)) structural = true
    nodes.set(node.path, node)
  }
  for (const path of delta.removed) structural = nodes.delete(path) || structural
  return { tree: { ...tree, nodes, lastSeq: delta.seq, droppedUpdates: delta.droppedUpdates }, structural }
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
      attach: (next) => {
        requestSnapshot = next
      },
      applyDelta: (delta) => {
        const s = get()
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
        const selected = s.selected !== null && (s.selected === rootKey(id) || s.selected.startsWith(rowKey(id, ''))) ? null : s.selected
        set({ trees, structureVersion: s.structureVersion + 1, selected })
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
