// @vitest-environment happy-dom
// Clearing retained messages from the details pane against a fake backend: the confirmation counts and
// names them, the clear runs (the banner reports it), and undo puts them back; a single topic too.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { rowKey, topicTreeStore } from '../../../../renderer/store/topic-tree-store'
import { createFakeBackend, flushPromises, makeNode, makeParent } from '../../fake-api'
import { useExplorerHarness } from './explorer-harness'

const renderExplorer = useExplorerHarness()
const TREE = {
  connectionId: 'embedded', seq: 1, structureVersion: 1,
  nodes: [
    makeParent('home', 1, 7, { messagesBelow: 7 }),
    ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((x) => makeNode(`home/${x}`, { retained: true })),
  ],
}
const RETAINED = { embedded: ['home/a', 'home/b', 'home/c', 'home/d', 'home/e', 'home/f', 'home/g', 'garden/x'] }

async function select(path: string) {
  const backend = await renderExplorer(createFakeBackend({ trees: [TREE], retained: RETAINED }))
  act(() => topicTreeStore.getState().select(rowKey('embedded', path)))
  return backend
}

const click = async (testId: string) => act(async () => {
  fireEvent.click(screen.getByTestId(testId))
  await flushPromises()
})

describe('clear retained', () => {
  it('a subtree: confirms with the count and the first topics, clears, and undo restores them', async () => {
    const backend = await select('home')
    await click('clear-retained-below')
    const confirm = screen.getByTestId('clear-confirm').textContent
    expect(confirm).toContain('Clear 7 retained messages at or below home?')
    expect(confirm).toContain('home/a')
    expect(confirm).toContain('and 2 more topics')
    expect(screen.getByTestId('clear-confirm-yes').textContent).toBe('Clear 7 messages')

    await click('clear-confirm-yes')
    expect(screen.getByTestId('clear-banner').textContent).toContain('Cleared 7 retained messages.')
    expect([...backend.state.retained.get('embedded')!]).toEqual(['garden/x'])

    await click('clear-undo')
    expect(screen.getByTestId('clear-banner').textContent).toContain('Restored 7 retained messages.')
    expect(backend.state.retained.get('embedded')!.size).toBe(8)
  })

  it('cancel leaves everything as it was', async () => {
    const backend = await select('home')
    await click('clear-retained-below')
    await click('clear-confirm-no')
    expect(screen.queryByTestId('clear-confirm')).toBeNull()
    expect(backend.calls.some((c) => c.channel === 'retained:clear')).toBe(false)
  })

  it('one topic: only its own retained message', async () => {
    const backend = await select('home/c')
    expect(screen.queryByTestId('clear-retained-below')).toBeNull()
    await click('clear-retained')
    expect(screen.getByTestId('clear-confirm').textContent).toContain('Clear the retained message of home/c?')
    await click('clear-confirm-yes')
    expect(backend.state.retained.get('embedded')!.has('home/c')).toBe(false)
    expect(backend.state.retained.get('embedded')!.size).toBe(7)
  })
})
