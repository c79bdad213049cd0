// Turns the per-connection topic maps and the expanded set into the flat list of visible rows the virtual
// list draws. Pure; the memoized form rebuilds only when the structure or the expanded set changes, never
// on a value change (rows read their own counts through narrow selectors).
import type { ExplorerConnection } from '../../../shared/model/explorer'
import type { TopicNodeStats } from '../../../shared/model/topic-tree'
import { rootKey, rowKey } from '../../store/topic-tree-store'

/** One line of the tree: a connection's root (path '') or a topic level. */
export interface VisibleRow {
  kind: 'connection' | 'topic'
  /** Stable key: the virtual list's item key and the expanded/selected key. */
  key: string
  connectionId: string
  /** The full topic; '' for a connection root. */
  path: string
  /** 0 for a connection root, 1 for a first topic level. */
  depth: number
  /** The level name, or the connection's name for a root. */
  name: string
  /** The connection's URL for a root, '' otherwise. */
  url: string
  hasChildren: boolean
  expanded: boolean
  /** Key of the parent row, null for a root (Left goes there). */
  parentKey: string | null
}

export interface FlattenInput {
  connections: readonly ExplorerConnection[]
  trees: ReadonlyMap<string, { nodes: ReadonlyMap<string, TopicNodeStats> }>
  expanded: ReadonlySet<string>
}

/** Children paths by parent path (null = top level), each list sorted by level name. */
export type ChildIndex = ReadonlyMap<string | null, readonly string[]>

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** The last level of a topic: `temp` for `home/kitchen/temp`, '' for the empty first level of `/a`. */
export const levelName = (path: string): string => path.slice(path.lastIndexOf('/') + 1)

/** The nearest ancestor present in `nodes`, or null for a top-level node (a missing parent never hides a node). */
function parentOf(path: string, nodes: ReadonlyMap<string, TopicNodeStats>): string | null {
  let end = path.lastIndexOf('/')
  while (end >= 0) {
    const parent = path.slice(0, end)
    if (nodes.has(parent)) return parent
    end = parent.lastIndexOf('/')
  }
  return null
}

/** Groups a tree's paths under their parents, sorted by name. */
export function buildChildIndex(nodes: ReadonlyMap<string, TopicNodeStats>): ChildIndex {
  const index = new Map<string | null, string[]>()
  for (const path of nodes.keys()) {
    const parent = parentOf(path, nodes)
    const list = index.get(parent)
    if (list === undefined) index.set(parent, [path])
    else list.push(path)
  }
  for (const list of index.values()) list.sort((a, b) => collator.compare(levelName(a), levelName(b)) || (a < b ? -1 : 1))
  return index
}

/** The visible rows, in display order: each connection's root, then its expanded subtree depth-first. */
export function flattenVisible(input: FlattenInput, indexOf: (connectionId: string) => ChildIndex = (id) =>
  buildChildIndex(input.trees.get(id)?.nodes ?? new Map())): VisibleRow[] {
  const rows: VisibleRow[] = []
  for (const connection of input.connections) {
    const index = indexOf(connection.id)
    const key = rootKey(connection.id)
    const topLevel = index.get(null) ?? []
    const expanded = input.expanded.has(key)
    rows.push({ kind: 'connection', key, connectionId: connection.id, path: '', depth: 0, name: connection.name,
      url: connection.url, hasChildren: topLevel.length > 0, expanded, parentKey: null })
    if (!expanded) continue
    // Iterative depth-first walk: deep trees (hundreds of levels) must not overflow the stack.
    const stack: { path: string; depth: number; parentKey: string }[] = []
    for (let i = topLevel.length - 1; i >= 0; i--) stack.push({ path: topLevel[i] ?? '', depth: 1, parentKey: key })
    while (stack.length > 0) {
      const { path, depth, parentKey } = stack.pop() as { path: string; depth: number; parentKey: string }
      const children = index.get(path) ?? []
      const childKey = rowKey(connection.id, path)
      const open = input.expanded.has(childKey)
      rows.push({ kind: 'topic', key: childKey, connectionId: connection.id, path, depth, name: levelName(path), url: '',
        hasChildren: children.length > 0, expanded: open, parentKey })
      if (!open) continue
      for (let i = children.length - 1; i >= 0; i--) stack.push({ path: children[i] ?? '', depth: depth + 1, parentKey: childKey })
    }
  }
  return rows
}

/**
 * A memoized {@link flattenVisible}: the same rows array while `structureVersion`, the expanded set and the
 * connections list are unchanged; child indexes are kept per connection until its node map's key set may change.
 */
export function createVisibleRowsSelector(): (input: FlattenInput, structureVersion: number) => VisibleRow[] {
  let last: { input: FlattenInput; structureVersion: number; rows: VisibleRow[] } | null = null
  let indexes = new Map<string, ChildIndex>()
  let indexedVersion = -1
  return (input, structureVersion) => {
    if (last !== null && last.structureVersion === structureVersion && last.input.expanded === input.expanded &&
      last.input.connections === input.connections) return last.rows
    if (indexedVersion !== structureVersion) {
      indexes = new Map()
      indexedVersion = structureVersion
    }
    const indexOf = (id: string): ChildIndex => {
      let index = indexes.get(id)
      if (index === undefined) indexes.set(id, (index = buildChildIndex(input.trees.get(id)?.nodes ?? new Map())))
      return index
    }
    const rows = flattenVisible(input, indexOf)
    last = { input, structureVersion, rows }
    return rows
  }
}
