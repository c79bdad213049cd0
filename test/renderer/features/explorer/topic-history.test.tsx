// @vitest-environment happy-dom
// The details pane's message and history against a fake history store: the newest message in its best view
// with its MQTT 5 properties, older messages and the JSON diff, a cut payload fetched whole on request, new
// messages fetched when the tree's count moves, and the fallback when the history cannot be read.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { HistoryMessage } from '../../../../shared/model/history'
import type { TopicTreeSnapshot } from '../../../../shared/model/topic-tree'
import { rowKey, topicTreeStore } from '../../../../renderer/store/topic-tree-store'
import { createFakeBackend, flushPromises, makeNode, type FakeBackend } from '../../fake-api'
import { useExplorerHarness } from './explorer-harness'

const bytes = (s: string) => new TextEncoder().encode(s)
const T0 = Date.UTC(2026, 10, 29, 9, 0, 0)

function message(id: number, payload: Uint8Array | string, over: Partial<HistoryMessage> = {}): HistoryMessage {
  const data = typeof payload === 'string' ? bytes(payload) : payload
  return {
    id, connectionId: 'embedded', topic: 'zigbee2mqtt/lamp', payload: data, payloadSize: data.length, truncated: false,
    qos: 1, retain: false, dup: false, packetId: id, properties: null, receivedAt: T0 + id * 1000, ...over,
  }
}

const tree = (messages: number): TopicTreeSnapshot => ({
  connectionId: 'embedded', seq: 1, structureVersion: 1,
  nodes: [makeNode('zigbee2mqtt/lamp', { messages, lastPayloadPreview: bytes('{"state":"ON"}'), lastPayloadSize: 14 })],
})

const renderExplorer = useExplorerHarness()

async function selectLamp(backend: FakeBackend): Promise<void> {
  await renderExplorer(backend)
  await act(async () => {
    topicTreeStore.getState().select(rowKey('embedded', 'zigbee2mqtt/lamp'))
    await flushPromises()
  })
}

describe('topic details: message and history', () => {
  it('shows the newest message as a JSON tree with its flags, size and MQTT 5 properties', async () => {
    const backend = createFakeBackend({
      trees: [tree(2)],
      history: [
        message(1, '{"state":"OFF","brightness":10}'),
        message(2, '{"state":"ON","brightness":254}', {
          retain: true, properties: { contentType: 'application/json', userProperties: [{ key: 'source', value: 'hall' }, { key: 'source', value: 'app' }], correlationData: bytes('req-7'), messageExpiryIntervalS: 60 },
        }),
      ],
    })
    await selectLamp(backend)

    const detail = screen.getByTestId('message-detail')
    expect(detail.textContent).toContain('QoS 1')
    expect(detail.textContent).toContain('Retained')
    expect(detail.textContent).toContain('Packet id 2')
    expect(screen.getByTestId('message-size').textContent).toBe('31 B (31 bytes)')
    expect(screen.getByTestId('view-json').getAttribute('aria-checked')).toBe('true')
    expect(screen.getByTestId('json-tree').textContent).toContain('"state": "ON"')
    const props = screen.getByTestId('message-properties').textContent
    expect(props).toContain('application/json')
    expect(props).toContain('req-7')
    expect(props).toContain('60 seconds')
    expect(props).toMatch(/sourcehall.*sourceapp/)
    // The diff against the message before it, path by path.
    const diff = screen.getByTestId('message-diff').textContent
    expect(diff).toContain('state "OFF" → "ON"')
    expect(diff).toContain('brightness 10 → 254')
    expect(screen.getByTestId('history-count').textContent).toBe('2 of the 2 messages stored for this topic')
  })

  it('switches views, and selecting an older row shows that message', async () => {
    const backend = createFakeBackend({ trees: [tree(2)], history: [message(1, 'first line\nsecond'), message(2, 'first line\nchanged')] })
    await selectLamp(backend)

    expect(screen.getByTestId('payload-body').textContent).toBe('first line\nchanged')
    fireEvent.click(screen.getByTestId('view-hex'))
    expect(screen.getByTestId('payload-body').textContent).toContain('00000000  66 69 72 73 74 20 6c 69  6e 65 0a 63 68 61 6e 67  |first line.chang|')
    fireEvent.click(screen.getByTestId('view-base64'))
    expect(screen.getByTestId('payload-body').textContent).toBe(Buffer.from('first line\nchanged').toString('base64'))
    expect(screen.getByTestId('message-diff').textContent).toContain('- second+ changed')

    fireEvent.click(screen.getAllByTestId('history-row')[1]!)
    expect(screen.getAllByTestId('history-row')[1]!.getAttribute('aria-current')).toBe('true')
    expect(screen.getByTestId('message-detail').textContent).toContain('Packet id 1')
    expect(screen.queryByTestId('message-diff')).toBeNull() // the oldest has no message before it
  })

  it('a cut payload says so with its full size, and loads whole on request', async () => {
    const big = new Uint8Array(5 * 1024 * 1024).fill(0x61)
    const backend = createFakeBackend({ trees: [tree(1)], history: [message(1, big)] })
    await selectLamp(backend)

    expect(screen.getByTestId('message-cut').textContent).toContain('Showing the first 4.0 KB of 5.0 MB.')
    expect(screen.getByTestId('message-size').textContent).toBe('5.0 MB (5242880 bytes)')
    expect(screen.getByTestId('payload-body').textContent).toHaveLength(4096)
    await act(async () => {
      fireEvent.click(screen.getByTestId('load-full'))
      await flushPromises()
    })
    expect(screen.queryByTestId('message-cut')).toBeNull()
    expect(screen.getByTestId('payload-body').textContent).toHaveLength(5 * 1024 * 1024)
    expect(backend.calls.filter((c) => c.channel === 'history:message')).toEqual([{ channel: 'history:message', req: { id: 1 } }])
  })

  it('fetches what arrived when the tree reports more messages, and follows the newest', async () => {
    const backend = createFakeBackend({ trees: [tree(1)], history: [message(1, 'one')] })
    await selectLamp(backend)
    expect(screen.getByTestId('payload-body').textContent).toBe('one')

    backend.state.history.push(message(2, 'two'))
    await act(async () => {
      backend.push('tree:delta', { connectionId: 'embedded', seq: 2, upserts: [makeNode('zigbee2mqtt/lamp', { messages: 2 })], removed: [], structureVersion: 1, droppedUpdates: 0 })
      await flushPromises()
    })
    expect(screen.getByTestId('payload-body').textContent).toBe('two')
    expect(screen.getAllByTestId('history-row')).toHaveLength(2)
    const pages = backend.calls.filter((c) => c.channel === 'history:page').map((c) => c.req as { after?: unknown })
    expect(pages.at(-1)!.after).toEqual({ receivedAt: T0 + 1000, id: 1 })
  })

  it('when the history cannot be read, it says why and still shows the last payload preview', async () => {
    const backend = createFakeBackend({ trees: [tree(1)] })
    backend.fail('history:page', { code: 'unavailable', message: 'The message history is not available.' })
    await selectLamp(backend)

    expect(screen.getByTestId('history-error').textContent).toContain('The history cannot be read')
    expect(screen.getByTestId('topic-preview').textContent).toBe('{"state":"ON"}')
  })
})
