// TopicTrie: add/replace/remove/prune, matching rules, and agreement with matchesFilter on random input.
import { describe, expect, it } from 'vitest'
import { TopicTrie } from '../../../shared/mqtt/topic-trie'
import { checkTopicFilter, checkTopicName, matchesFilter } from '../../../shared/mqtt/topic'

/** Keys of the entries matching `name`, sorted, as `key@filter`. */
function matchKeys<V>(trie: TopicTrie<V>, name: string): string[] {
  return trie
    .matchAll(name)
    .map(([key, , filter]) => `${key}@${filter}`)
    .sort()
}

/** mulberry32: a tiny deterministic PRNG, so a failure reproduces from the seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function randomPath(random: () => number, alphabet: readonly string[], maxLevels: number): string {
  const count = 1 + Math.floor(random() * maxLevels)
  const levels: string[] = []
  for (let i = 0; i < count; i++) levels.push(alphabet[Math.floor(random() * alphabet.length)] as string)
  return levels.join('/')
}

describe('TopicTrie storage', () => {
  it('adds entries and counts (filter, key) pairs in size', () => {
    const trie = new TopicTrie<number>()
    trie.add('a/b', 'c1', 1)
    trie.add('a/b', 'c2', 2)
    trie.add('a/+', 'c1', 1)
    expect(trie.size).toBe(3)
    expect([...trie.filters()]).toEqual(['a/b', 'a/+'])
  })

  it('replaces the value for the same key on the same filter', () => {
    const trie = new TopicTrie<number>()
    trie.add('a/b', 'c1', 1)
    trie.add('a/b', 'c1', 2)
    expect(trie.size).toBe(1)
    expect(trie.get('a/b', 'c1')).toBe(2)
    expect(trie.matchAll('a/b')).toEqual([['c1', 2, 'a/b']])
  })

  it('remove returns whether the entry existed', () => {
    const trie = new TopicTrie<number>()
    trie.add('a/b', 'c1', 1)
    expect(trie.remove('a/b', 'c2')).toBe(false)
    expect(trie.remove('a/c', 'c1')).toBe(false)
    expect(trie.remove('a', 'c1')).toBe(false) // an inner node holds no entry
    expect(trie.remove('a/b', 'c1')).toBe(true)
    expect(trie.remove('a/b', 'c1')).toBe(false)
    expect(trie.size).toBe(0)
  })

  it('keeps a filter while another key remains on it', () => {
    const trie = new TopicTrie<number>()
    trie.add('a/b', 'c1', 1)
    trie.add('a/b', 'c2', 2)
    trie.remove('a/b', 'c1')
    expect([...trie.filters()]).toEqual(['a/b'])
    expect(matchKeys(trie, 'a/b')).toEqual(['c2@a/b'])
  })

  it('prunes empty branches but keeps shared prefixes and inner filters', () => {
    const trie = new TopicTrie<number>()
    trie.add('a', 'c1', 1)
    trie.add('a/b/c/d', 'c1', 1)
    trie.add('a/b/x', 'c2', 2)
    trie.remove('a/b/c/d', 'c1')
    expect([...trie.filters()]).toEqual(['a', 'a/b/x'])
    // Re-adding through the pruned path works, which it would not if a dangling node were reused wrongly.
    trie.add('a/b/c/d', 'c3', 3)
    expect(matchKeys(trie, 'a/b/c/d')).toEqual(['c3@a/b/c/d'])
    trie.remove('a/b/c/d', 'c3')
    trie.remove('a/b/x', 'c2')
    trie.remove('a', 'c1')
    expect(trie.size).toBe(0)
    expect([...trie.filters()]).toEqual([])
    // Internal check that pruning reached the root: nothing is left to walk.
    expect((trie as unknown as { root: { children: Map<string, unknown> | null } }).root.children?.size ?? 0).toBe(0)
  })
})

describe('TopicTrie matching', () => {
  const trie = new TopicTrie<string>()
  for (const filter of ['sport/#', 'sport/+', 'a/+', '+/x', '#', '$SYS/#', 'a/b', '+', 'a//b', '+/+/+']) {
    trie.add(filter, filter, filter)
  }

  it.each([
    ['sport', ['#', '+', 'sport/#'], "'sport/#' matches 'sport'"],
    ['sport/tennis', ['#', 'sport/#', 'sport/+'], "'sport/+' and 'sport/#' match one child"],
    ['a/', ['#', 'a/+'], "'+' matches an empty level"],
    ['a/b', ['#', 'a/+', 'a/b'], 'exact and wildcard filters both match'],
    ['a/b/c', ['#', '+/+/+'], "'a/+' does not match 'a/b/c'"],
    ['y/x', ['#', '+/x'], "'+/x' matches 'y/x'"],
    ['a//b', ['#', '+/+/+', 'a//b'], 'empty middle levels match exactly or by +'],
    ['$SYS/x', ['$SYS/#'], "'$SYS/x' is not matched by '#' or '+/x' but is by '$SYS/#'"],
    ['$SYS', ['$SYS/#'], "'$SYS' is matched by '$SYS/#' but not by '+'"],
  ])('%j matches %j (%s)', (name, filters) => {
    expect(matchKeys(trie, name)).toEqual(filters.map((f) => `${f}@${f}`).sort())
  })

  it('reports one key once per matching filter; callers merge', () => {
    const t = new TopicTrie<number>()
    t.add('a/#', 'c1', 1)
    t.add('a/+', 'c1', 2)
    expect(matchKeys(t, 'a/b')).toEqual(['c1@a/#', 'c1@a/+'])
  })

  it('forEachMatch visits the same entries as matchAll', () => {
    const seen: string[] = []
    trie.forEachMatch('sport/tennis', (key, value, filter) => seen.push(`${key}@${filter}=${value}`))
    expect(seen.sort()).toEqual(['#@#=#', 'sport/#@sport/#=sport/#', 'sport/+@sport/+=sport/+'])
  })

  it('matches the same as matchesFilter for thousands of random filters and names', () => {
    const random = prng(0x5eed)
    const filters = new Set<string>()
    while (filters.size < 2_000) {
      const filter = randomPath(random, ['a', 'b', '', '+', '#', '$SYS'], 5)
      if (checkTopicFilter(filter) === null) filters.add(filter)
    }
    const t = new TopicTrie<number>()
    let n = 0
    for (const filter of filters) t.add(filter, `k${n++ % 7}`, n)

    let compared = 0
    for (let i = 0; i < 3_000; i++) {
      const name = randomPath(random, ['a', 'b', '', '$SYS'], 5)
      if (checkTopicName(name) !== null) continue
      const expected = [...filters].filter((f) => matchesFilter(f, name))
      const actual = t.matchAll(name).map(([, , filter]) => filter)
      expect(actual.sort(), name).toEqual(expected.sort())
      compared++
    }
    expect(compared).toBeGreaterThan(2_500)
  })

  it('still agrees with matchesFilter after removing half of the random filters', () => {
    const random = prng(42)
    const filters: string[] = []
    const t = new TopicTrie<boolean>()
    for (let i = 0; i < 2_000; i++) {
      const filter = randomPath(random, ['a', 'b', '', '+', '#', '$SYS'], 4)
      if (checkTopicFilter(filter) !== null || filters.includes(filter)) continue
      filters.push(filter)
      t.add(filter, 'k', true)
    }
    const kept = filters.filter((_, i) => i % 2 === 0)
    filters.forEach((f, i) => i % 2 === 1 && t.remove(f, 'k'))
    expect(t.size).toBe(kept.length)
    expect([...t.filters()].sort()).toEqual([...kept].sort())
    for (let i = 0; i < 1_000; i++) {
      const name = randomPath(random, ['a', 'b', '', '$SYS'], 4)
      const expected = kept.filter((f) => matchesFilter(f, name))
      expect(t.matchAll(name).map(([, , f]) => f).sort(), name).toEqual(expected.sort())
    }
  })
})
