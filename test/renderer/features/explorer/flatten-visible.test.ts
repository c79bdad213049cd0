// Flattening the topic maps into visible rows: order, depth, expansion, roots, and the memoization rule.
import { describe, expect, it } from 'vitest'
import type { TopicNodeStats } from '../../../../shared/model/topic-tree'
import { createVisibleRowsSelector, flattenVisible, type FlattenInput } from '../../../../renderer/features/explorer/flatten-visible'
import { rootKey, rowKey } from '../../../../renderer/store/topic-tree-store'
import { EMBEDDED, makeNode, makeParent } from '../../fake-api'

const tree = (...list: TopicNodeStats[]) => new Map([['embedded', { nodes: new Map(list.map((n) => [n.path, n])) }]])
const NODES = [
  makeParent('home', 2, 3), makeParent('home/kitchen', 2, 2), makeNode('home/kitchen/temp'), makeNode('home/kitchen/hum'),
  makeNode('home/garage'), makeNode('zone10'), makeNode('zone9'),
]
const summary = (input: FlattenInput) => flattenVisible(input).map((r) => `${r.depth}:${r.name}${r.hasChildren ? (r.expanded ? '-' : '+') : ''}`)

describe('flattenVisible', () => {
  it('shows a root per connection with its name and url, and sorts levels by name (numbers in order)', () => {
    const rows = flattenVisible({ connections: [EMBEDDED], trees: tree(...NODES), expanded: new Set([rootKey('embedded')]) })

    expect(rows[0]).toMatchObject({ kind: 'connection', name: 'Embedded broker', url: 'mqtt://127.0.0.1:1883', depth: 0, expanded: true })
    expect(rows.slice(1).map((r) => r.path)).toEqual(['home', 'zone9', 'zone10'])
  })

  it('walks expanded parents depth-first', () => {
    const expanded = new Set([rootKey('embedded'), rowKey('embedded', 'home'), rowKey('embedded', 'home/kitchen')])

    expect(summary({ connections: [EMBEDDED], trees: tree(...NODES), expanded }))
      .toEqual(['0:Embedded broker-', '1:home-', '2:garage', '2:kitchen-', '3:hum', '3:temp', '1:zone9', '1:zone10'])
  })

  it('hides everything below a collapsed root', () => {
    expect(summary({ connections: [EMBEDDED], trees: tree(...NODES), expanded: new Set() })).toEqual(['0:Embedded broker+'])
  })

  it('keeps empty levels: "/a" sits under a level named ""', () => {
    const rows = flattenVisible({ connections: [EMBEDDED], trees: tree(makeParent('', 1, 1), makeNode('/a')),
      expanded: new Set([rootKey('embedded'), rowKey('embedded', '')]) })

    expect(rows.slice(1).map((r) => [r.path, r.name, r.depth])).toEqual([['', '', 1], ['/a', 'a', 2]])
  })

  it('shows a root with no children for a connection without a tree', () => {
    const rows = flattenVisible({ connections: [EMBEDDED], trees: new Map(), expanded: new Set([rootKey('embedded')]) })

    expect(rows).toEqual([expect.objectContaining({ kind: 'connection', hasChildren: false })])
  })

  it('memoized: the same rows while the structure and expanded set are unchanged, new rows when either changes', () => {
    const select = createVisibleRowsSelector()
    const expanded = new Set([rootKey('embedded')])
    const connections = [EMBEDDED]
    const first = select({ connections, trees: tree(...NODES), expanded }, 1)

    expect(select({ connections, trees: tree(...NODES, makeNode('new')), expanded }, 1)).toBe(first)
    expect(select({ connections, trees: tree(...NODES, makeNode('new')), expanded }, 2).rows).toHaveLength(first.rows.length + 1)
    expect(select({ connections, trees: tree(...NODES), expanded: new Set() }, 2).rows).toHaveLength(1)
  })
})
