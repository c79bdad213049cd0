// Turns the per-connection topic maps, the expanded set, the search and the sort order into the flat list of
// visible rows the virtual list draws. Pure; the memoized form rebuilds only on a structure, expand, search or
// sort change, or a re-sort tick, never on a value change (rows read their own counts through narrow selectors).
import type { ExplorerConnection } from '../../../shared/model/explorer'
import type { TopicNodeStats } from '../../../shared/model/topic-tree'
import { rootKey, rowKey } from '../../store/topic-tree-store'
import type { TreeSort } from '../../store/tree-view-store'
import { searchTree, type TreeSearch } from './tree-search'

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
  /** Sibling order; 'name' when absent. */
  sort?: TreeSort
  /** A text or filter search: only matches and their ancestors show, expanded. Null, absent or invalid: no search. */
  search?: TreeSearch | null
}

/** The visible rows and, while a search is on, how many topics match it (null otherwise). */
export interface VisibleRows {
  rows: VisibleRow[]
  matches: number | null
}

/** Children paths by parent path (null = top level), each list in display order. */
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

const byName = (a: string, b: string): number => collator.compare(levelName(a), levelName(b)) || (a < b ? -1 : 1)

/** The live value a sort orders by, largest first; ties fall back to the name order. */
const SORT_VALUE: Record<Exclude<TreeSort, 'name'>, (node: TopicNodeStats | undefined) => number> = {
  messages: (node) => node?.messagesBelow ?? 0,
  rate: (node) => node?.ratePerSec ?? 0,
  updated: (node) => node?.updatedAt ?? 0,
}

/** Groups a tree's paths (those in `keep` only, when given) under their parents, each list in `sort` order. */
export function buildChildIndex(nodes: ReadonlyMap<string, TopicNodeStats>, sort: TreeSort = 'name',
  keep: ReadonlySet<string> | null = null): ChildIndex {
  const index = new Map<string | null, string[]>()
  for (const path of keep ?? nodes.keys()) {
    const parent = parentOf(path, nodes)
    const list = index.get(parent)
    if (list === undefined) index.set(parent, [path])
    else list.push(path)
  }
  if (sort === 'name') {
    for (const list of index.values()) list.sort(byName)
    return index
  }
  const valueOf = SORT_VALUE[sort]
  for (const list of index.values()) {
    const values = new Map(list.map((path) => [path, valueOf(nodes.get(path))])) // read once per sort, not per comparison
    list.sort((a, b) => (values.get(b) ?? 0) - (values.get(a) ?? 0) || byName(a, b))
  }
  return index
}

/** A search that filters: a valid text or filter search, or null. */
const activeSearch = (input: FlattenInput): TreeSearch | null =>
  input.search != null && input.search.kind !== 'invalid' ? input.search : null

/** One connection's child index for `input`'s sort and search, with its match count (null without a search). */
export function indexTree(nodes: ReadonlyMap<string, TopicNodeStats>, input: FlattenInput): { index: ChildIndex; matches: number | null } {
  const search = activeSearch(input)
  const found = search === null ? null : searchTree(nodes, search)
  return { index: buildChildIndex(nodes, input.sort, found?.visible ?? null), matches: found?.matches ?? null }
}

/** The visible rows, in display order: each connection's root, then its expanded subtree depth-first. */
export function flattenVisible(input: FlattenInput, indexOf: (connectionId: string) => ChildIndex = (id) =>
  indexTree(input.trees.get(id)?.nodes ?? new Map(), input).index): VisibleRow[] {
  const rows: VisibleRow[] = []
  for (const connection of input.connections) {
    const index = indexOf(connection.id)
    const key = rootKey(connection.id)
    const topLevel = index.get(null) ?? []
    // While searching, every row with a visible child is open: the matches show without a click.
    const searching = activeSearch(input) !== null
    const isOpen = (rowKeyOf: string, children: readonly string[]): boolean =>
      searching ? children.length > 0 : input.expanded.has(rowKeyOf)
    const expanded = isOpen(key, topLevel)
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
      const open = isOpen(childKey, children)
      rows.push({ kind: 'topic', key: childKey, connectionId: connection.id, path, depth, name: levelName(path), url: '',
        hasChildren: children.length > 0, expanded: open, parentKey })
      if (!open) continue
      for (let i = children.length - 1; i >= 0; i--) stack.push({ path: children[i] ?? '', depth: depth + 1, parentKey: childKey })
    }
  }
  return rows
}

/**
 * A memoized {@link flattenVisible}: the same result while `structureVersion`, the expanded set, the connections
 * list, the sort, the search and `sortTick` are unchanged. Child indexes (and search results) are kept per
 * connection until one of those but the expanded set changes. Pass a constant `sortTick` for the name sort:
 * a live-value sort is re-sorted only when the caller's timer advances it (at most once per second), never per delta.
 */
export function createVisibleRowsSelector(): (input: FlattenInput, structureVersion: number, sortTick?: number) => VisibleRows {
  let last: { input: FlattenInput; indexKey: string; result: VisibleRows } | null = null
  let indexes = new Map<string, { index: ChildIndex; matches: number | null }>()
  let indexedKey = ''
  return (input, structureVersion, sortTick = 0) => {
    const indexKey = `${structureVersion}|${input.sort ?? 'name'}|${sortTick}|${activeSearch(input)?.key ?? ''}`
    if (last !== null && last.indexKey === indexKey && last.input.expanded === input.expanded &&
      last.input.connections === input.connections) return last.result
    if (indexedKey !== indexKey) {
      indexes = new Map()
      indexedKey = indexKey
    }
    const indexed = (id: string): { index: ChildIndex; matches: number | null } => {
      let entry = indexes.get(id)
      if (entry === undefined) indexes.set(id, (entry = indexTree(input.trees.get(id)?.nodes ?? new Map(), input)))
      return entry
    }
    const rows = flattenVisible(input, (id) => indexed(id).index)
    let matches: number | null = null
    if (activeSearch(input) !== null) matches = input.connections.reduce((sum, c) => sum + (indexed(c.id).matches ?? 0), 0)
    const result = { rows, matches }
    last = { input, indexKey, result }
    return result
  }
}
