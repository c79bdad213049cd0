// @vitest-environment happy-dom
// The broker console's clients table against a fake backend: rows with their queue and inflight figures,
// an offline session's expiry, filtering, sorting, and a refresh on each status push.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BrokerView } from '../../../../renderer/features/broker/BrokerView'
import type { ClientRow } from '../../../../shared/model/broker-clients'
import { createFakeBackend, flushPromises, makeOverview, makeStatus } from '../../fake-api'
import { useViewHarness } from '../../view-harness'

const NOW = 1_700_000_000_000

function client(clientId: string, over: Partial<ClientRow> = {}): ClientRow {
  return {
    clientId, username: null, address: '127.0.0.1:50000', protocolVersion: 5, connected: true, endsWithConnection: true, sessionExpiryS: 0,
    keepAliveS: 60, since: NOW - 60_000, expiresAt: null, inflight: 0, inflightMax: 100, inboundQos2: 0, queued: 0, queuedMax: 1000, queuedBytes: 0,
    subscriptions: 1, dropped: 0, droppedByReason: { 'queue-full': 0, expired: 0, 'too-large': 0, 'no-subscribers': 0, 'not-authorized': 0 },
    messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, ...over,
  }
}

const renderBroker = useViewHarness(() => <BrokerView />)

describe('broker console: clients', () => {
  it('lists each client with its inflight and queue figures, and an offline session with its expiry', async () => {
    await renderBroker(createFakeBackend({ clients: [
      client('sensor', { inflight: 3, messagesIn: 12 }),
      client('phone', { connected: false, address: null, keepAliveS: null, endsWithConnection: false, sessionExpiryS: 3600, since: NOW - 10_000, expiresAt: NOW + 3_590_000, queued: 42, queuedBytes: 4200 }),
    ] }))
    expect(screen.getByTestId('client-inflight-sensor').textContent).toBe('3/100')
    expect(screen.getByTestId('client-queued-phone').textContent).toBe('42/1,0004.1 KB')
    expect(screen.getByTestId('client-row-phone').textContent).toContain('Session expires in 3,590 s')
    expect(screen.getByTestId('clients-count').textContent).toBe('1–2 of 2 (2 known)')
  })

  it('filters, sorts, and refreshes with each status push', async () => {
    const backend = await renderBroker(createFakeBackend({ clients: [client('a-sensor', { queued: 1 }), client('b-phone', { queued: 9 })] }))
    await act(async () => {
      fireEvent.click(screen.getByTestId('clients-sort-queued'))
      await flushPromises()
    })
    expect(screen.getAllByTestId(/^client-row-/).map((r) => r.getAttribute('data-testid'))).toEqual(['client-row-b-phone', 'client-row-a-sensor'])
    await act(async () => {
      fireEvent.change(screen.getByTestId('clients-filter'), { target: { value: 'sens' } })
      await flushPromises()
    })
    expect(screen.getAllByTestId(/^client-row-/)).toHaveLength(1)

    backend.state.clients = [client('a-sensor', { queued: 5 })]
    await act(async () => {
      backend.push('app:status', makeStatus({ uptimeMs: 5_000 }))
      await flushPromises()
    })
    expect(screen.getByTestId('client-queued-a-sensor').textContent).toMatch(/^5\/1,000/)
  })
  it('shows the overview: live figures, drops by reason and the plots of the samples', async () => {
    const overview = makeOverview([{ messagesInPerSec: 10 }, { messagesInPerSec: 250, clientsConnected: 3, offlineSessions: 2 }])
    overview.dropped = { ...overview.dropped, 'queue-full': 7 }
    await renderBroker(createFakeBackend({ overview }))
    expect(screen.getByTestId('overview-in').textContent).toBe('250/s')
    expect(screen.getByTestId('overview-connected').textContent).toBe('3')
    expect(screen.getByTestId('overview-offline').textContent).toBe('2')
    expect(screen.getByTestId('plot-in').textContent).toContain('max 250/s')
    expect(screen.getByTestId('plot-in').querySelector('polyline')!.getAttribute('points')!.split(' ')).toHaveLength(2)
    expect(screen.getByTestId('overview-dropped').textContent).toContain('Queue full 7')
  })
  it('opens a client: its subscriptions, inflight and queue, and a confirmed purge', async () => {
    const detail = {
      client: client('phone', { connected: false, queued: 2 }),
      subscriptions: [{ filter: 'alerts/#', qos: 1 as const, noLocal: true, retainAsPublished: false, retainHandling: 0 as const, subscriptionId: 3 }],
      inflight: [{ packetId: 9, direction: 'out' as const, state: 'awaiting-pubcomp' as const, retries: 1, sentAt: NOW - 2_000, topic: 'alerts/x', qos: 2 as const, sizeBytes: 4 }],
      queue: { offset: 0, total: 2, items: [
        { position: 0, topic: 'alerts/door', qos: 1 as const, retain: false, sizeBytes: 6, receivedAt: NOW - 5_000, expiresAt: null, publisher: 'alarm' },
        { position: 1, topic: 'alerts/window', qos: 1 as const, retain: false, sizeBytes: 6, receivedAt: NOW - 1_000, expiresAt: NOW + 60_000, publisher: 'alarm' },
      ] },
      at: NOW,
    }
    const backend = await renderBroker(createFakeBackend({ clients: [detail.client], clientDetails: [detail] }))
    await act(async () => {
      fireEvent.click(screen.getByTestId('client-open-phone'))
      await flushPromises()
    })
    expect(screen.getByTestId('client-subscriptions').textContent).toContain('alerts/#')
    expect(screen.getByTestId('client-subscriptions').textContent).toContain('No local')
    expect(screen.getByTestId('client-inflight').textContent).toContain('Awaiting PUBCOMP')
    expect(screen.getAllByTestId('queue-row').map((r) => r.textContent)).toEqual([
      '1alerts/door16 B5 sNeveralarm', '2alerts/window16 B1 s60 salarm',
    ])
    expect((screen.getByTestId('client-action-disconnect') as HTMLButtonElement).disabled).toBe(true) // offline
    fireEvent.change(screen.getByTestId('client-sub-filter'), { target: { value: 'door/+/state' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('client-sub-add'))
      await flushPromises()
    })
    expect(screen.getByTestId('client-subscriptions').textContent).toContain('door/+/state')
    await act(async () => {
      fireEvent.click(screen.getByTestId('client-unsub-alerts/#'))
      await flushPromises()
    })
    expect(screen.getByTestId('client-subscriptions').textContent).not.toContain('alerts/#')
    fireEvent.click(screen.getByTestId('client-action-purge-queue'))
    expect(screen.getByTestId('client-action-confirm').textContent).toContain('Delete the 2 messages queued for phone?')
    await act(async () => {
      fireEvent.click(screen.getByTestId('client-action-yes'))
      await flushPromises()
    })
    expect(backend.state.clientActions).toEqual([{ clientId: 'phone', action: 'purge-queue' }])
    expect(screen.getByTestId('client-action-result').textContent).toBe('Deleted 2 queued messages of phone.')
    expect(screen.queryAllByTestId('queue-row')).toHaveLength(0)
  })
  it('retained store: lists, deletes all matching after a preview, and undo restores them', async () => {
    const row = (topic: string) => ({ topic, sizeBytes: 5, qos: 1 as const, publisher: 'z2m', receivedAt: NOW, expiresAt: null, preview: 'hello' })
    const backend = await renderBroker(createFakeBackend({ brokerRetained: [row('home/a'), row('home/b'), row('garden/x')] }))
    expect(screen.getAllByTestId('retained-row')).toHaveLength(3)
    await act(async () => {
      fireEvent.change(screen.getByTestId('retained-filter'), { target: { value: 'home/#' } })
      await flushPromises()
    })
    await act(async () => {
      fireEvent.click(screen.getByTestId('retained-delete-all'))
      await flushPromises()
    })
    expect(screen.getByTestId('retained-confirm').textContent).toContain('Delete 2 retained messages (home/#)?')
    await act(async () => {
      fireEvent.click(screen.getByTestId('retained-confirm-yes'))
      await flushPromises()
    })
    expect(backend.state.brokerRetained.map((r) => r.topic)).toEqual(['garden/x'])
    expect(screen.getByTestId('retained-result').textContent).toContain('Cleared 2 retained messages.')
    await act(async () => {
      fireEvent.click(screen.getByTestId('retained-undo'))
      await flushPromises()
    })
    expect(screen.getByTestId('retained-result').textContent).toContain('Restored 2 retained messages.')
    expect(backend.state.brokerRetained).toHaveLength(3)
  })
  it('retained store as a tree: levels with their counts, opened on demand, a level choosing the table’s subtree', async () => {
    const row = (topic: string) => ({ topic, sizeBytes: 5, qos: 1 as const, publisher: 'z2m', receivedAt: NOW, expiresAt: null, preview: 'hello' })
    await renderBroker(createFakeBackend({ brokerRetained: [row('home/a'), row('home/b/c'), row('garden/x')] }))
    expect(screen.getByTestId('retained-level-home').textContent).toContain('2 · 10 B')
    expect(screen.queryByTestId('retained-level-home/b')).toBeNull()
    await act(async () => {
      fireEvent.click(screen.getByTestId('retained-level-home').querySelector('.tree-toggle')!)
      await flushPromises()
    })
    expect(screen.getByTestId('retained-level-home/b').getAttribute('aria-expanded')).toBe('false')
    expect(screen.getByTestId('retained-level-home/a').getAttribute('aria-expanded')).toBeNull() // a leaf
    await act(async () => {
      fireEvent.click(screen.getByTestId('retained-level-home/b').querySelector('.retained-level-name')!)
      await flushPromises()
    })
    expect((screen.getByTestId('retained-filter') as HTMLInputElement).value).toBe('home/b/#')
    expect(screen.getAllByTestId('retained-row').map((r) => r.textContent)).toEqual([expect.stringContaining('home/b/c')])
    expect(screen.getByTestId('retained-level-home/b').getAttribute('aria-selected')).toBe('true')
  })
  it('subscriptions: filters with their subscribers, and who receives a topic (checked first)', async () => {
    const sub = (clientId: string, qos: 0 | 1 | 2, noLocal = false) => ({ clientId, connected: true, qos, noLocal, retainAsPublished: false, retainHandling: 0 as const, subscriptionId: null })
    await renderBroker(createFakeBackend({ subscriptionEntries: [
      { filter: 'home/#', group: null, subscribers: [sub('dash', 1, true), sub('logger', 0)] },
      { filter: 'home/+/cmd', group: 'workers', subscribers: [sub('w1', 1), sub('w2', 1)] },
    ] }))
    expect(screen.getAllByTestId('subs-row').map((r) => r.textContent)).toEqual([
      'home/#—dash QoS 1 · No locallogger QoS 0', 'home/+/cmdworkersw1 QoS 1w2 QoS 1',
    ])
    fireEvent.change(screen.getByTestId('who-topic'), { target: { value: 'home/+' } })
    expect((screen.getByTestId('who-ask') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(screen.getByTestId('who-topic'), { target: { value: 'home/lamp' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('who-ask'))
      await flushPromises()
    })
    expect(screen.getByTestId('who-answer').textContent).toContain('dash · home/# · QoS 1 · not if it publishes it itself (no local)')
  })
})
