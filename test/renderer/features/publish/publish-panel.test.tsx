// @vitest-environment happy-dom
// The publish form in the Explorer against a fake backend: it starts on the selected topic, explains an
// invalid topic or payload inline (in French too), sends MQTT 5 properties on an MQTT 5 connection only,
// repeats with progress, and shows the broker's answer.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { rowKey, topicTreeStore } from '../../../../renderer/store/topic-tree-store'
import { settingsStore } from '../../../../renderer/store/settings-store'
import { DEFAULT_SETTINGS } from '../../../../shared/model/settings'
import { createFakeBackend, EMBEDDED, flushPromises, makeNode } from '../../fake-api'
import { useExplorerHarness } from '../explorer/explorer-harness'

const renderExplorer = useExplorerHarness()
const TREE = { connectionId: 'embedded', seq: 1, structureVersion: 1, nodes: [makeNode('home/lamp', { messages: 1 })] }

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } })

async function openPanel(backend = createFakeBackend({ trees: [TREE] })) {
  await renderExplorer(backend)
  act(() => topicTreeStore.getState().select(rowKey('embedded', 'home/lamp')))
  fireEvent.click(screen.getByTestId('publish-open'))
  return backend
}

describe('publish panel', () => {
  it('starts on the selected topic and publishes with QoS, retain and MQTT 5 properties', async () => {
    const backend = await openPanel()
    expect((screen.getByTestId('publish-topic') as HTMLInputElement).value).toBe('home/lamp')
    type('publish-payload', '{"state":"ON"}')
    fireEvent.click(screen.getByTestId('publish-format-json'))
    fireEvent.change(screen.getByTestId('publish-qos'), { target: { value: '1' } })
    fireEvent.click(screen.getByTestId('publish-retain'))
    type('publish-content-type', 'application/json')
    fireEvent.click(screen.getByTestId('user-prop-add'))
    type('user-prop-key-0', 'source')
    type('user-prop-value-0', 'ui')
    await act(async () => {
      fireEvent.click(screen.getByTestId('publish-send'))
      await flushPromises()
    })
    expect(backend.state.published).toEqual([{
      connectionId: 'embedded', topic: 'home/lamp', payload: new TextEncoder().encode('{"state":"ON"}'), qos: 1, retain: true,
      properties: { contentType: 'application/json', userProperties: [{ key: 'source', value: 'ui' }] },
    }])
    expect(screen.getByTestId('publish-result').textContent).toMatch(/^Sent to home\/lamp at .*; the broker answered Success\.$/)
  })

  it('explains an invalid topic and payload inline, and keeps Publish disabled', async () => {
    await openPanel()
    type('publish-topic', 'home/+/lamp')
    expect(screen.getByTestId('publish-topic-error').textContent).toBe("Topic names cannot contain '+' (level 2); wildcards are for subscriptions")
    fireEvent.click(screen.getByTestId('publish-format-hex'))
    type('publish-payload', '0a0')
    expect(screen.getByTestId('publish-payload-error').textContent).toBe('Hex needs two digits per byte: one digit is missing')
    expect((screen.getByTestId('publish-send') as HTMLButtonElement).disabled).toBe(true)
  })

  it('speaks French', async () => {
    await openPanel()
    act(() => settingsStore.setState({ settings: { ...DEFAULT_SETTINGS, appearance: { ...DEFAULT_SETTINGS.appearance, language: 'fr' } } }))
    type('publish-topic', 'maison/#')
    expect(screen.getByTestId('publish-topic-error').textContent).toBe('Un nom de topic ne peut pas contenir «\u00a0#\u00a0» (niveau 2)\u00a0; les jokers servent aux abonnements')
    expect(screen.getByTestId('publish-send').textContent).toBe('Publier')
  })

  it('repeats a message with its progress', async () => {
    const backend = await openPanel()
    type('publish-payload', 'tick')
    type('publish-repeat-count', '3')
    type('publish-repeat-interval', '10')
    expect(screen.getByTestId('publish-send').textContent).toBe('Publish 3 times')
    await act(async () => {
      fireEvent.click(screen.getByTestId('publish-send'))
      await new Promise((resolve) => setTimeout(resolve, 100))
    })
    expect(backend.state.published).toHaveLength(3)
    expect(screen.getByTestId('publish-progress').textContent).toBe('3 of 3 sent')
  })

  it('offers no MQTT 5 properties on a 3.1.1 connection, and says when a publish fails', async () => {
    const backend = createFakeBackend({ trees: [TREE], connections: [{ ...EMBEDDED, protocolVersion: 4 }] })
    backend.fail('explorer:publish', { code: 'refused', message: "Not authorized (0x87), for the message on 'home/lamp'" })
    await openPanel(backend)
    expect(screen.queryByTestId('publish-content-type')).toBeNull()
    expect(screen.getByTestId('publish-panel').textContent).toContain('MQTT 5 properties can be sent on MQTT 5 connections only.')
    await act(async () => {
      fireEvent.click(screen.getByTestId('publish-send'))
      await flushPromises()
    })
    expect(screen.getByTestId('publish-result').textContent).toBe("The broker refused it: Not authorized (0x87), for the message on 'home/lamp'.")
  })
  it('remembers a sent publish, saves the form as a template, and loads either back', async () => {
    const backend = await openPanel()
    type('publish-payload', 'ON')
    await act(async () => {
      fireEvent.click(screen.getByTestId('publish-send'))
      await flushPromises()
    })
    expect(backend.state.saved.recent.map((e) => [e.topic, e.payload])).toEqual([['home/lamp', 'ON']])

    type('publish-topic', 'home/lamp/set')
    type('publish-payload', '{"state":"OFF"}')
    fireEvent.click(screen.getByTestId('publish-format-json'))
    fireEvent.click(screen.getByTestId('publish-template-save'))
    type('publish-template-name', 'lamp off')
    await act(async () => {
      fireEvent.click(screen.getByTestId('publish-template-confirm'))
      await flushPromises()
    })
    expect(backend.state.saved.templates).toMatchObject([{ name: 'lamp off', entry: { topic: 'home/lamp/set', format: 'json', payload: '{"state":"OFF"}' } }])

    fireEvent.change(screen.getByTestId('publish-recent'), { target: { value: '0' } })
    expect((screen.getByTestId('publish-topic') as HTMLInputElement).value).toBe('home/lamp')
    expect((screen.getByTestId('publish-payload') as HTMLTextAreaElement).value).toBe('ON')
    fireEvent.change(screen.getByTestId('publish-template'), { target: { value: 'lamp off' } })
    expect((screen.getByTestId('publish-topic') as HTMLInputElement).value).toBe('home/lamp/set')
    expect(screen.getByTestId('publish-format-json').getAttribute('aria-checked')).toBe('true')
    await act(async () => {
      fireEvent.click(screen.getByTestId('publish-template-delete'))
      await flushPromises()
    })
    expect(backend.state.saved.templates).toEqual([])
  })
})
