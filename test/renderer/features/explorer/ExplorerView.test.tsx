// @vitest-environment happy-dom
// The Explorer against a fake backend: rows from a snapshot, deltas updating counts, keyboard expand and
// collapse, the details pane and the empty state. Asserts what the user sees in the DOM.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { TopicTreeSnapshot } from '../../../../shared/model/topic-tree'
import { createFakeBackend, EMBEDDED, flushPromises, makeNode, makeParent, type FakeBackend } from '../../fake-api'
import { useExplorerHarness } from './explorer-harness'

const SNAPSHOT: TopicTreeSnapshot = {
  connectionId: 'embedded',
  seq: 3,
  structureVersion: 3,
  nodes: [
    makeParent('home', 1, 2, { messagesBelow: 7 }),
    makeParent('home/kitchen', 2, 2, { messagesBelow: 7 }),
    makeNode('home/kitchen/temp', { messages: 5, retained: true, lastQos: 1, ratePerSec: 2.5 }),
    makeNode('home/kitchen/big', {
      messages: 2, lastPayloadPreview: new TextEncoder().encode('{"frame":"'), lastPayloadSize: 5 * 1024 * 1024, previewTruncated: true,
    }),
  ],
}

const renderExplorer = useExplorerHarness()

const tree = (): HTMLElement => screen.getByRole('tree')

describe('ExplorerView', () => {
  it('shows the connection root and the top level from the snapshot, with totals on a collapsed parent', async () => {
    await renderExplorer(createFakeBackend({ trees: [SNAPSHOT] }))

    expect(screen.getByTestId('connection-root-embedded').textContent).toContain('Embedded broker')
    expect(screen.getByTestId('connection-root-embedded').textContent).toContain('Connected')
    expect(screen.getByTestId('topic-count-home').textContent).toBe('7')
    expect(screen.getByTestId('topic-row-home').textContent).toContain('2 topics')
    expect(screen.queryByTestId('topic-row-home/kitchen')).toBeNull()
  })

  it('expands and collapses with the keyboard and shows the selected topic in the details pane', async () => {
    await renderExplorer(createFakeBackend({ trees: [SNAPSHOT] }))

    fireEvent.keyDown(tree(), { key: 'ArrowDown' }) // the connection root
    fireEvent.keyDown(tree(), { key: 'ArrowDown' }) // home
    fireEvent.keyDown(tree(), { key: 'ArrowRight' }) // expand home
    fireEvent.keyDown(tree(), { key: 'ArrowDown' }) // home/kitchen
    fireEvent.keyDown(tree(), { key: 'Enter' }) // expand home/kitchen
    fireEvent.keyDown(tree(), { key: 'ArrowDown' }) // home/kitchen/big (sorted by name)
    fireEvent.keyDown(tree(), { key: 'ArrowDown' }) // home/kitchen/temp

    const temp = screen.getByTestId('topic-row-home/kitchen/temp')
    expect(temp.getAttribute('aria-selected')).toBe('true')
    expect(temp.textContent).toContain('21.5')
    expect(temp.textContent).toContain('retained')
    expect(temp.textContent).toContain('QoS 1')
    expect(temp.textContent).toContain('2.5 msg/s')
    expect(screen.getByTestId('topic-details').textContent).toContain('home/kitchen/temp')

    fireEvent.keyDown(tree(), { key: 'ArrowLeft' }) // a leaf: to its parent
    fireEvent.keyDown(tree(), { key: 'ArrowLeft' }) // collapse home/kitchen

    expect(screen.queryByTestId('topic-row-home/kitchen/temp')).toBeNull()
    expect(screen.getByTestId('topic-row-home/kitchen').getAttribute('aria-selected')).toBe('true')
  })

  it('shows a cut preview with the full size and a visible marker', async () => {
    await renderExplorer(createFakeBackend({ trees: [SNAPSHOT] }))
    fireEvent.keyDown(tree(), { key: 'ArrowDown' })
    fireEvent.keyDown(tree(), { key: 'ArrowDown' })
    fireEvent.keyDown(tree(), { key: 'ArrowRight' })
    fireEvent.keyDown(tree(), { key: 'ArrowDown' })
    fireEvent.keyDown(tree(), { key: 'ArrowRight' })

    const big = screen.getByTestId('topic-row-home/kitchen/big')
    expect(big.textContent).toContain('{"frame":"')
    expect(big.textContent).toContain('… 5.0 MB')
    expect(big.textContent).toContain('cut')
  })

  it('updates a count when a delta arrives', async () => {
    const backend = await renderExplorer(createFakeBackend({ trees: [SNAPSHOT] }))

    act(() => backend.push('tree:delta', {
      connectionId: 'embedded', seq: 4, upserts: [makeParent('home', 1, 2, { messagesBelow: 8 })], removed: [], structureVersion: 3, droppedUpdates: 0,
    }))

    expect(screen.getByTestId('topic-count-home').textContent).toBe('8')
  })

  it('asks for a snapshot after a seq gap and shows it', async () => {
    const backend = await renderExplorer(createFakeBackend({ trees: [SNAPSHOT] }))
    backend.state.trees.set('embedded', { ...SNAPSHOT, seq: 9, nodes: [...SNAPSHOT.nodes, makeNode('office')] })

    await act(async () => {
      backend.push('tree:delta', { connectionId: 'embedded', seq: 9, upserts: [], removed: [], structureVersion: 4, droppedUpdates: 0 })
      await flushPromises()
    })

    expect(backend.calls.filter((c) => c.channel === 'tree:snapshot')).toHaveLength(2)
    expect(screen.getByTestId('topic-row-office')).toBeTruthy()
  })

  it('says how to publish a first message, with the broker URL, while only $SYS topics exist', async () => {
    const sys: TopicTreeSnapshot = { connectionId: 'embedded', seq: 1, structureVersion: 1, nodes: [makeNode('$SYS')] }
    await renderExplorer(createFakeBackend({ connections: [{ ...EMBEDDED, url: 'mqtt://0.0.0.0:18830' }], trees: [sys] }))

    const empty = screen.getByTestId('explorer-empty')
    expect(empty.textContent).toContain('mqtt://0.0.0.0:18830')
    expect(empty.textContent).toContain('mosquitto_pub -h 127.0.0.1 -p 18830 -t home/test -m hello')
    expect(screen.getByTestId('connection-root-embedded')).toBeTruthy()
  })

  it('shows a connection error on its root row', async () => {
    const failing = { ...EMBEDDED, status: { ...EMBEDDED.status, state: 'error' as const,
      error: { kind: 'refused' as const, message: 'Nothing is listening on 10.0.0.5:1883.' } } }
    await renderExplorer(createFakeBackend({ connections: [failing] }))

    expect(screen.getByTestId('connection-root-embedded').textContent).toContain('Nothing is listening on 10.0.0.5:1883.')
  })
})
