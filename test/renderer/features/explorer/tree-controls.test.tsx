// @vitest-environment happy-dom
// The tree toolbar against a fake backend: text and filter search with the count, the invalid-filter message,
// Esc and the clear button, the sort select (live sorts re-sort on the 1 s timer only), Pause with its meter.
import { act, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TopicTreeDelta, TopicTreeSnapshot } from '../../../../shared/model/topic-tree'
import { RESORT_INTERVAL_MS } from '../../../../renderer/features/explorer/use-visible-rows'
import { MAX_HELD_DELTAS } from '../../../../renderer/store/topic-tree-store'
import { DEFAULT_SETTINGS } from '../../../../shared/model/settings'
import { createFakeBackend, flushPromises, makeNode, makeParent, type FakeBackend } from '../../fake-api'
import { useExplorerHarness } from './explorer-harness'

const SNAPSHOT: TopicTreeSnapshot = {
  connectionId: 'embedded',
  seq: 3,
  structureVersion: 3,
  nodes: [
    makeParent('home', 1, 3, { messagesBelow: 9 }),
    makeParent('home/kitchen', 2, 3, { messagesBelow: 9 }),
    makeNode('home/kitchen/temp', { messages: 5, messagesBelow: 6 }),
    makeNode('home/kitchen/temp/x', { messages: 1 }),
    makeNode('home/kitchen/big', { messages: 3 }),
    makeNode('office', { messages: 2, messagesBelow: 2 }),
    makeNode('zone', { messages: 20, messagesBelow: 20 }),
  ],
}

const renderWith = useExplorerHarness()
afterEach(() => vi.useRealTimers())
const renderExplorer = (backend = createFakeBackend({ trees: [SNAPSHOT] })): Promise<FakeBackend> => renderWith(backend)

/** The topic rows in display order. */
const shown = (): string[] => screen.queryAllByRole('treeitem').map((row) => row.dataset['testid'] ?? '')
  .filter((id) => id.startsWith('topic-row-')).map((id) => id.slice('topic-row-'.length))
const type = (text: string): void => void fireEvent.change(screen.getByTestId('tree-search'), { target: { value: text } })
const delta = (seq: number, overrides: Partial<TopicTreeDelta> = {}): TopicTreeDelta => ({
  connectionId: 'embedded', seq, upserts: [], removed: [], structureVersion: 3, droppedUpdates: 0, ...overrides,
})

describe('tree search', () => {
  it('text: shows topics containing it (any case) with their ancestors expanded, and the count; Esc clears', async () => {
    await renderExplorer()
    expect(shown()).toEqual(['home', 'office', 'zone'])

    type('KITCHEN/T')
    expect(shown()).toEqual(['home', 'home/kitchen', 'home/kitchen/temp', 'home/kitchen/temp/x'])
    expect(screen.getByTestId('tree-search-count').textContent).toBe('2 topics match')

    fireEvent.keyDown(screen.getByTestId('tree-search'), { key: 'Escape' })
    expect((screen.getByTestId('tree-search') as HTMLInputElement).value).toBe('')
    expect(shown()).toEqual(['home', 'office', 'zone'])
    expect(screen.queryByTestId('tree-search-count')).toBeNull()
  })

  it("filter: home/+/temp matches home/kitchen/temp, not home/kitchen/temp/x; '#' hides $SYS topics", async () => {
    const sys = { ...SNAPSHOT, nodes: [...SNAPSHOT.nodes, makeParent('$SYS', 1, 1), makeNode('$SYS/uptime')] }
    await renderExplorer(createFakeBackend({ trees: [sys] }))

    type('home/+/temp')
    expect(shown()).toEqual(['home', 'home/kitchen', 'home/kitchen/temp'])
    expect(screen.getByTestId('tree-search-count').textContent).toBe('1 topic matches')

    type('#')
    expect(shown()).not.toContain('$SYS/uptime')
    expect(screen.getByTestId('tree-search-count').textContent).toBe('5 topics match') // topics with messages, not the levels grouping them
    type('$SYS/#')
    expect(shown()).toEqual(['$SYS', '$SYS/uptime'])
  })

  it('an invalid filter says why inline, and the clear button empties the box', async () => {
    await renderExplorer()
    type('home/#/temp')

    expect(screen.getByTestId('tree-search-error').textContent).toBe("Not a valid MQTT filter: '#' must be the last level on its own (level 2)")
    expect(screen.getByTestId('tree-search').getAttribute('aria-invalid')).toBe('true')
    expect(screen.queryByTestId('tree-search-count')).toBeNull()

    fireEvent.click(screen.getByTestId('tree-search-clear'))
    expect(screen.queryByTestId('tree-search-error')).toBeNull()
  })

  it('speaks French: the filter error, the count and the meter', async () => {
    const settings = { ...DEFAULT_SETTINGS, appearance: { theme: 'system' as const, language: 'fr' as const } }
    await renderExplorer(createFakeBackend({ trees: [SNAPSHOT], settings }))
    type('home/+x')
    expect(screen.getByTestId('tree-search-error').textContent)
      .toBe('Ce filtre MQTT n’est pas valide\u00a0: «\u00a0+\u00a0» doit occuper seul un niveau entier (niveau 2)')
    type('home/+/temp')
    expect(screen.getByTestId('tree-search-count').textContent).toBe('1 topic correspond')
    fireEvent.click(screen.getByTestId('tree-pause'))
    expect(screen.getByTestId('tree-buffer-meter').textContent).toBe('0 mise à jour en attente')
    expect(screen.getByTestId('tree-pause').textContent).toBe('Reprendre')
  })

  it('a new matching topic from a delta shows while searching', async () => {
    const backend = await renderExplorer()
    type('home/+/temp')
    act(() => backend.push('tree:delta', delta(4, { upserts: [makeParent('home/cellar', 1, 1), makeNode('home/cellar/temp')] })))
    expect(shown()).toEqual(['home', 'home/cellar', 'home/cellar/temp', 'home/kitchen', 'home/kitchen/temp'])
  })
})

describe('tree sort', () => {
  it('orders by name by default, by messages at once when chosen, then re-sorts live values on the timer only', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const backend = await renderExplorer()
    expect(shown()).toEqual(['home', 'office', 'zone'])

    fireEvent.change(screen.getByTestId('tree-sort'), { target: { value: 'messages' } })
    expect(shown()).toEqual(['zone', 'home', 'office'])

    act(() => backend.push('tree:delta', delta(4, { upserts: [makeNode('office', { messages: 50, messagesBelow: 50 })] })))
    expect(shown()).toEqual(['zone', 'home', 'office']) // no jump on a delta
    expect(screen.getByTestId('topic-count-office').textContent).toBe('50')

    act(() => vi.advanceTimersByTime(RESORT_INTERVAL_MS))
    expect(shown()).toEqual(['office', 'zone', 'home'])
  })

  it('orders by rate and by last update', async () => {
    const nodes = [makeNode('a', { ratePerSec: 1, updatedAt: 30 }), makeNode('b', { ratePerSec: 3, updatedAt: 10 }), makeNode('c', { ratePerSec: 2, updatedAt: 20 })]
    await renderExplorer(createFakeBackend({ trees: [{ ...SNAPSHOT, nodes }] }))
    fireEvent.change(screen.getByTestId('tree-sort'), { target: { value: 'rate' } })
    expect(shown()).toEqual(['b', 'c', 'a'])
    fireEvent.change(screen.getByTestId('tree-sort'), { target: { value: 'updated' } })
    expect(shown()).toEqual(['a', 'c', 'b'])
    fireEvent.change(screen.getByTestId('tree-sort'), { target: { value: 'name' } })
    expect(shown()).toEqual(['a', 'b', 'c'])
  })
})

describe('tree pause', () => {
  it('holds deltas while paused with a meter, and applies them on resume', async () => {
    const backend = await renderExplorer()
    fireEvent.click(screen.getByTestId('tree-pause'))
    expect(screen.getByTestId('tree-pause').textContent).toBe('Resume')
    expect(screen.getByTestId('tree-buffer-meter').textContent).toBe('0 updates waiting')

    act(() => {
      backend.push('tree:delta', delta(4, { upserts: [makeNode('office', { messages: 3, messagesBelow: 3 })] }))
      backend.push('tree:delta', delta(5, { upserts: [makeNode('office', { messages: 4, messagesBelow: 4 }), makeNode('new')] }))
    })
    expect(screen.getByTestId('topic-count-office').textContent).toBe('2')
    expect(shown()).not.toContain('new')
    expect(screen.getByTestId('tree-buffer-meter').textContent).toBe('2 updates waiting')

    fireEvent.click(screen.getByTestId('tree-pause'))
    expect(screen.queryByTestId('tree-buffer-meter')).toBeNull()
    expect(screen.getByTestId('topic-count-office').textContent).toBe('4')
    expect(shown()).toContain('new')
  })

  it('when the buffer overflows, says the tree will reload and fetches a snapshot on resume', async () => {
    const backend = await renderExplorer()
    fireEvent.click(screen.getByTestId('tree-pause'))
    act(() => {
      for (let seq = 4; seq <= MAX_HELD_DELTAS + 4; seq++) backend.push('tree:delta', delta(seq))
    })
    expect(screen.getByTestId('tree-buffer-meter').textContent).toBe('Too many updates: the tree will reload on resume')
    expect(screen.getByRole('meter').getAttribute('aria-valuenow')).toBe('100')

    backend.state.trees.set('embedded', { ...SNAPSHOT, seq: MAX_HELD_DELTAS + 4, nodes: [...SNAPSHOT.nodes, makeNode('reloaded')] })
    const snapshots = backend.calls.filter((c) => c.channel === 'tree:snapshot').length
    await act(async () => {
      fireEvent.click(screen.getByTestId('tree-pause'))
      await flushPromises()
    })
    expect(backend.calls.filter((c) => c.channel === 'tree:snapshot').length).toBe(snapshots + 1)
    expect(shown()).toContain('reloaded')
  })
})
