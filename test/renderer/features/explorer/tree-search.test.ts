// Search and sort of the flattened tree, in Node: text and MQTT filter parsing and matching ($SYS rules, shared
// filters, invalid filters), matches shown with their ancestors expanded, and the four sort orders.
import { describe, expect, it } from 'vitest'
import { checkTopicFilter } from '../../../../shared/mqtt/topic'
import type { TopicNodeStats } from '../../../../shared/model/topic-tree'
import { createVisibleRowsSelector, flattenVisible, type FlattenInput } from '../../../../renderer/features/explorer/flatten-visible'
import { parseTreeSearch, searchTree, type TreeSearch } from '../../../../renderer/features/explorer/tree-search'
import { describeTopicProblem } from '../../../../shared/mqtt/topic-problem'
import { rootKey } from '../../../../renderer/store/topic-tree-store'
import type { TreeSort } from '../../../../renderer/store/tree-view-store'
import { EMBEDDED, makeNode, makeParent } from '../../fake-api'

const nodeMap = (...list: TopicNodeStats[]) => new Map(list.map((n) => [n.path, n]))
const trees = (...list: TopicNodeStats[]) => new Map([['embedded', { nodes: nodeMap(...list) }]])
const NODES = [
  makeParent('home', 2, 4), makeParent('home/kitchen', 2, 3), makeNode('home/kitchen/temp'), makeNode('home/kitchen/temp/x'),
  makeNode('home/kitchen/hum'), makeNode('home/Garage'), makeParent('$SYS', 1, 1), makeNode('$SYS/broker/uptime'),
]
const search = (text: string): TreeSearch => {
  const parsed = parseTreeSearch(text)
  if (parsed === null) throw new Error('empty search')
  return parsed
}
const matching = (text: string) => [...searchTree(nodeMap(...NODES), search(text)).visible].sort()
const paths = (input: FlattenInput) => flattenVisible(input).filter((r) => r.kind === 'topic').map((r) => `${r.path}${r.expanded ? '-' : ''}`)

describe('parseTreeSearch', () => {
  it('reads plain text as text, and text with + or # or starting with $share as a filter', () => {
    expect(parseTreeSearch('')).toBeNull()
    expect(parseTreeSearch('   ')).toBeNull()
    expect(parseTreeSearch('Kitchen')).toMatchObject({ kind: 'text', needle: 'kitchen' })
    expect(parseTreeSearch('home/+/temp')).toMatchObject({ kind: 'filter', filter: 'home/+/temp' })
    expect(parseTreeSearch('#')).toMatchObject({ kind: 'filter', filter: '#' })
    expect(parseTreeSearch('$share/g/home/#')).toMatchObject({ kind: 'filter', filter: 'home/#' })
  })

  it('gives the problem of an invalid filter as data, translated in the page’s language', () => {
    const parsed = parseTreeSearch('home/#/temp')
    expect(parsed).toEqual({ kind: 'invalid', key: 'i:home/#/temp', problem: { code: 'hash-not-last', level: 2 } })
    expect(parsed?.kind === 'invalid' && describeTopicProblem(parsed.problem)).toBe(checkTopicFilter('home/#/temp'))
    expect(parsed?.kind === 'invalid' && describeTopicProblem(parsed.problem, 'fr')).toBe('«\u00a0#\u00a0» doit être seul dans le dernier niveau (niveau 2)')
    expect(parseTreeSearch('$share/g')).toMatchObject({ kind: 'invalid', problem: { code: 'share-no-filter' } })
  })
})

describe('searchTree', () => {
  it('text: any path containing it, case-insensitive, with its ancestors', () => {
    expect(matching('garage')).toEqual(['home', 'home/Garage'])
    expect(searchTree(nodeMap(...NODES), search('KITCHEN')).matches).toBe(4)
  })

  it('filter: only topics with messages match, not the levels that merely group them', () => {
    expect(matching('home/+')).toEqual(['home', 'home/Garage'])
  })

  it("filter: '+' is one level, so home/+/temp matches home/kitchen/temp but not home/kitchen/temp/x", () => {
    expect(matching('home/+/temp')).toEqual(['home', 'home/kitchen', 'home/kitchen/temp'])
  })

  it("filter: '#' matches everything but $SYS topics; $SYS/# matches those", () => {
    expect(matching('#')).not.toContain('$SYS/broker/uptime')
    expect(matching('#')).toContain('home/kitchen/temp/x')
    expect(matching('$SYS/#')).toEqual(['$SYS', '$SYS/broker/uptime'])
    expect(matching('+/kitchen/#')).toEqual(['home', 'home/kitchen', 'home/kitchen/hum', 'home/kitchen/temp', 'home/kitchen/temp/x'])
  })

  it('filter: a shared filter matches like its filter part; matching is case-sensitive', () => {
    expect(matching('$share/group/home/+')).toEqual(['home', 'home/Garage'])
    expect(matching('home/+/Temp')).toEqual([])
  })
})

describe('flattenVisible with a search', () => {
  it('shows matches with their ancestors expanded, whatever the expanded set', () => {
    const input = { connections: [EMBEDDED], trees: trees(...NODES), expanded: new Set<string>(), search: search('home/+/temp') }
    expect(paths(input)).toEqual(['home-', 'home/kitchen-', 'home/kitchen/temp'])
    expect(flattenVisible(input)[0]).toMatchObject({ kind: 'connection', expanded: true })
  })

  it('an invalid filter filters nothing; the selector counts matches over all connections', () => {
    const expanded = new Set([rootKey('embedded')])
    expect(paths({ connections: [EMBEDDED], trees: trees(...NODES), expanded, search: search('home/#/x') })).toEqual(['$SYS', 'home'])
    const select = createVisibleRowsSelector()
    expect(select({ connections: [EMBEDDED], trees: trees(...NODES), expanded, search: search('temp') }, 1).matches).toBe(2)
    expect(select({ connections: [EMBEDDED], trees: trees(...NODES), expanded, search: null }, 1).matches).toBeNull()
  })
})

describe('sorting', () => {
  const SIBLINGS = [
    makeNode('zone10', { messagesBelow: 5, ratePerSec: 0.5, updatedAt: 300 }),
    makeNode('zone9', { messagesBelow: 50, ratePerSec: 0.1, updatedAt: 100 }),
    makeNode('Zone2', { messagesBelow: 5, ratePerSec: 9, updatedAt: 200 }),
  ]
  const order = (sort: TreeSort) =>
    paths({ connections: [EMBEDDED], trees: trees(...SIBLINGS), expanded: new Set([rootKey('embedded')]), sort })

  it('name: natural order; messages, rate and last update: largest or newest first, ties by name', () => {
    expect(order('name')).toEqual(['Zone2', 'zone9', 'zone10'])
    expect(order('messages')).toEqual(['zone9', 'Zone2', 'zone10'])
    expect(order('rate')).toEqual(['Zone2', 'zone10', 'zone9'])
    expect(order('updated')).toEqual(['zone10', 'Zone2', 'zone9'])
  })

  it('the selector re-sorts a live sort only when the tick or the structure changes, not when values do', () => {
    const select = createVisibleRowsSelector()
    const base = { connections: [EMBEDDED], expanded: new Set([rootKey('embedded')]), sort: 'messages' as const }
    const first = select({ ...base, trees: trees(...SIBLINGS) }, 1, 0)
    const busier = trees(...SIBLINGS, makeNode('Zone2', { messagesBelow: 500 }))

    expect(select({ ...base, trees: busier }, 1, 0)).toBe(first)
    expect(select({ ...base, trees: busier }, 1, 1).rows.map((r) => r.name)).toEqual(['Embedded broker', 'Zone2', 'zone9', 'zone10'])
  })
})
