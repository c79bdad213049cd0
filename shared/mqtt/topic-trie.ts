// TopicTrie<V>: subscriptions keyed by topic filter, matched against topic names level by level.
// Holds no policy: it neither validates filters nor merges duplicate matches (callers do both).

/** Called once per (key, value) stored under a filter that matches the topic name. */
export type TrieVisitor<V> = (key: string, value: V, filter: string) => void

class TrieNode<V> {
  /** Child nodes by level text; '+' and '#' are children like any other level. */
  children: Map<string, TrieNode<V>> | null = null
  /** Values stored for the filter ending at this node, by key (e.g. clientId). */
  values: Map<string, V> | null = null
  /** The full filter ending here; set while `values` is non-empty. */
  filter = ''

  constructor(
    readonly parent: TrieNode<V> | null,
    readonly level: string,
  ) {}
}

/**
 * A trie of topic filters → (key → value), e.g. filter → clientId → subscription options.
 * Matching follows `matchesFilter` in `topic.ts`: '+' matches one level (which may be empty),
 * a final '#' also matches its parent level, and a filter starting with a wildcard never matches a
 * topic name starting with '$' [MQTT-4.7.2-1]. One key subscribed through several filters is
 * reported once per filter; callers merge (e.g. take the maximum QoS, 5.0 section 3.3.4).
 * Filters are expected to be valid (`checkTopicFilter`); other strings are stored
 * literally and never throw.
 */
export class TopicTrie<V> {
  private readonly root = new TrieNode<V>(null, '')
  private readonly byFilter = new Map<string, TrieNode<V>>()
  private entries = 0

  /** Number of (filter, key) entries stored. */
  get size(): number {
    return this.entries
  }

  /** Stores `value` for `key` under `filter`, replacing the value that key already had there. */
  add(filter: string, key: string, value: V): void {
    let node = this.byFilter.get(filter)
    if (node === undefined) {
      node = this.root
      for (const level of filter.split('/')) {
        node.children ??= new Map()
        let child = node.children.get(level)
        if (child === undefined) {
          child = new TrieNode<V>(node, level)
          node.children.set(level, child)
        }
        node = child
      }
      node.filter = filter
      this.byFilter.set(filter, node)
    }
    node.values ??= new Map()
    if (!node.values.has(key)) this.entries++
    node.values.set(key, value)
  }

  /** The value stored for `key` under exactly `filter`, if any. */
  get(filter: string, key: string): V | undefined {
    return this.byFilter.get(filter)?.values?.get(key)
  }

  /**
   * Removes `key` from `filter` and prunes branches left empty, as mochi's `trim` and mosquitto's
   * `retain__clean_empty_hierarchy` do, so churned subscriptions cost no memory.
   * @returns whether the entry existed.
   */
  remove(filter: string, key: string): boolean {
    const node = this.byFilter.get(filter)
    if (node?.values == null || !node.values.delete(key)) return false
    this.entries--
    if (node.values.size > 0) return true
    node.values = null
    this.byFilter.delete(filter)
    let current: TrieNode<V> = node
    while (current.parent !== null && current.values === null && (current.children?.size ?? 0) === 0) {
      current.parent.children?.delete(current.level)
      current = current.parent
    }
    return true
  }

  /** The (key, value) entries stored under exactly `filter`. */
  entriesAt(filter: string): IterableIterator<[key: string, value: V]> {
    return (this.byFilter.get(filter)?.values ?? new Map<string, V>()).entries()
  }

  /** Every filter that holds at least one entry, in the order first added. */
  filters(): IterableIterator<string> {
    return this.byFilter.keys()
  }

  /**
   * Calls `visit` for every entry whose filter matches `topicName` (a valid topic name).
   * Allocates one array (the split of the name) and nothing per level.
   */
  forEachMatch(topicName: string, visit: TrieVisitor<V>): void {
    const levels = topicName.split('/')
    walk(this.root, levels, 0, topicName.startsWith('$'), visit)
  }

  /** Every matching entry as `[key, value, filter]`; see {@link TopicTrie.forEachMatch}. */
  matchAll(topicName: string): Array<[key: string, value: V, filter: string]> {
    const out: Array<[string, V, string]> = []
    this.forEachMatch(topicName, (key, value, filter) => out.push([key, value, filter]))
    return out
  }
}

function walk<V>(node: TrieNode<V>, levels: string[], i: number, dollar: boolean, visit: TrieVisitor<V>): void {
  const children = node.children
  // [MQTT-4.7.2-1] a wildcard in the first level never matches a name starting with '$'.
  const wildcards = children !== null && (i > 0 || !dollar)
  // 'a/#' matches 'a' and everything below it: the '#' child's entries match from here on.
  if (wildcards) emit(children.get('#'), visit)
  if (i === levels.length) {
    emit(node, visit)
    return
  }
  if (children === null) return
  const plus = wildcards ? children.get('+') : undefined
  const exact = children.get(levels[i] as string)
  // A literal '+' in the name (invalid) would reach the same node twice.
  if (exact !== undefined && exact !== plus) walk(exact, levels, i + 1, dollar, visit)
  if (plus !== undefined) walk(plus, levels, i + 1, dollar, visit)
}

function emit<V>(node: TrieNode<V> | undefined, visit: TrieVisitor<V>): void {
  if (node?.values == null) return
  for (const [key, value] of node.values) visit(key, value, node.filter)
}
