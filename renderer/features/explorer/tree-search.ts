// The Explorer's search box as data: plain text (a case-insensitive substring of the topic path) or an MQTT
// filter (text with '+' or '#', or a `$share/…` filter), matched with the reference matcher of shared/mqtt/topic.ts.
import { findTopicFilterProblem, matchesFilter, parseSharedFilter } from '../../../shared/mqtt/topic'
import type { TopicProblem } from '../../../shared/mqtt/topic-problem'
import type { TopicNodeStats } from '../../../shared/model/topic-tree'

/** What the search box holds, parsed. `key` is stable for equal searches (memo key). */
export type TreeSearch =
  | { kind: 'text'; key: string; needle: string }
  | { kind: 'filter'; key: string; filter: string }
  | { kind: 'invalid'; key: string; problem: TopicProblem }

/** True when the text is to be read as an MQTT filter rather than plain text. */
export const looksLikeFilter = (text: string): boolean => text.includes('+') || text.includes('#') || text.startsWith('$share')

/** Parses the search box; null for an empty (or blank) box, which shows the whole tree. */
export function parseTreeSearch(text: string): TreeSearch | null {
  if (text.trim() === '') return null
  if (!looksLikeFilter(text)) return { kind: 'text', key: `t:${text.toLowerCase()}`, needle: text.toLowerCase() }
  const problem = findTopicFilterProblem(text)
  if (problem !== null) return { kind: 'invalid', key: `i:${text}`, problem }
  // A shared filter matches like the filter after its group name [MQTT-4.8.2-1].
  const filter = parseSharedFilter(text)?.filter ?? text
  return { kind: 'filter', key: `f:${text}`, filter }
}

/** Whether one topic path matches a (valid) search. */
export function matchesSearch(search: TreeSearch, path: string): boolean {
  if (search.kind === 'text') return path.toLowerCase().includes(search.needle)
  if (search.kind === 'filter') return matchesFilter(search.filter, path)
  return true
}

/** The paths of a tree that a search keeps: every matching node (counted in `matches`) and its ancestors. */
export interface SearchResult {
  visible: ReadonlySet<string>
  matches: number
}

/** Runs a valid search over one tree's nodes; an ancestor is the nearest present node above, as in the tree. */
export function searchTree(nodes: ReadonlyMap<string, TopicNodeStats>, search: TreeSearch): SearchResult {
  const visible = new Set<string>()
  let matches = 0
  for (const [path, node] of nodes) {
    // A filter matches topics, as the broker would: a level that only groups others has no messages of its own.
    if (search.kind === 'filter' && node.messages === 0) continue
    if (!matchesSearch(search, path)) continue
    matches++
    visible.add(path)
    let end = path.lastIndexOf('/')
    while (end >= 0) {
      const parent = path.slice(0, end)
      if (nodes.has(parent)) {
        if (visible.has(parent)) break // its own ancestors are in already
        visible.add(parent)
      }
      end = parent.lastIndexOf('/')
    }
  }
  return { visible, matches }
}
