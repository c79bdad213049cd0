// A trace read as messages (legs, latency, QoS lowered by a subscription), packet labels with reason
// names, and the Mermaid export.
import { describe, expect, it } from 'vitest'
import { downgradeOf, summarizeFlows } from '../../../shared/lab/trace-flows'
import { packetLabel } from '../../../shared/lab/trace-labels'
import { laneOrder, toMermaid } from '../../../shared/lab/trace-mermaid'
import type { TraceEvent } from '../../../shared/model/lab-trace'

let seq = 0
const ev = (over: Partial<TraceEvent>): TraceEvent => ({
  seq: ++seq, at: 1000 + seq, clientId: 'pub', internal: false, dir: 'c2b', cmd: 'publish', packetId: null, qos: null, dup: false, retain: false,
  topic: null, reasonCode: null, granted: null, bytes: 2, flowId: null, legId: null, protocolVersion: 5, fault: null, ...over,
})

describe('trace flows', () => {
  const events: TraceEvent[] = [
    ev({ clientId: 'sub', cmd: 'connect' }),
    ev({ clientId: 'sub', dir: 'b2c', cmd: 'connack', reasonCode: 0 }),
    ev({ clientId: 'sub', cmd: 'subscribe', packetId: 1 }),
    ev({ clientId: 'sub', dir: 'b2c', cmd: 'suback', packetId: 1, granted: [1] }),
    ev({ cmd: 'publish', packetId: 5, qos: 2, topic: 'door', flowId: 1, legId: 1 }),
    ev({ dir: 'b2c', cmd: 'pubrec', packetId: 5, topic: 'door', flowId: 1, legId: 1 }),
    ev({ clientId: 'sub', dir: 'b2c', cmd: 'publish', packetId: 1, qos: 1, topic: 'door', flowId: 1, legId: 2 }),
    ev({ cmd: 'pubrel', packetId: 5, topic: 'door', flowId: 1, legId: 1 }),
    ev({ dir: 'b2c', cmd: 'pubcomp', packetId: 5, topic: 'door', flowId: 1, legId: 1 }),
    ev({ clientId: 'sub', dir: 'b2c', cmd: 'publish', packetId: 1, qos: 1, dup: true, topic: 'door', flowId: 1, legId: 2 }),
    ev({ clientId: 'sub', cmd: 'puback', packetId: 1, topic: 'door', flowId: 1, legId: 2 }),
    ev({ cmd: 'publish', packetId: 6, qos: 1, topic: '$SYS/x', flowId: null, legId: 3 }),
  ]

  it('groups legs per flow with their times, re-sends and latency', () => {
    const flow = summarizeFlows(events).get(1)!
    expect(flow).toMatchObject({ topic: 'door', publisher: 'pub', publishQos: 2, startedAt: events[4]!.at })
    expect(flow.legs.map((l) => [l.clientId, l.role, l.qos, l.resent, l.seqs.length])).toEqual([['pub', 'publish', 2, 0, 4], ['sub', 'deliver', 1, 1, 3]])
    expect(flow.deliveredAfterMs).toBe(events[6]!.at - events[4]!.at) // its first PUBLISH, not the re-send
    expect(flow.completedAfterMs).toBe(events[10]!.at - events[4]!.at)
    expect(downgradeOf(flow, flow.legs[1]!)).toEqual({ from: 2, to: 1 })
    expect(downgradeOf(flow, flow.legs[0]!)).toBeNull()
  })

  it('labels packets with their flags and reason names in the connection’s version', () => {
    expect(packetLabel(events[4]!)).toBe('PUBLISH #5 QoS 2 door')
    expect(packetLabel(events[9]!)).toBe('PUBLISH #1 QoS 1 DUP door')
    expect(packetLabel(events[1]!)).toBe('CONNACK · Success')
    expect(packetLabel(events[3]!)).toBe('SUBACK #1 · Granted QoS 1')
    expect(packetLabel(ev({ dir: 'b2c', cmd: 'puback', packetId: 9, reasonCode: 0x87 }))).toBe('PUBACK #9 · Not authorized')
    expect(packetLabel(ev({ dir: 'b2c', cmd: 'puback', packetId: 9, reasonCode: 0 }))).toBe('PUBACK #9')
    expect(packetLabel(ev({ cmd: 'puback', packetId: 9, fault: 'drop' }))).toBe('PUBACK #9 [lost]')
    expect(packetLabel(ev({ dir: 'b2c', cmd: 'publish', qos: 0, topic: 't', fault: 'delay 500 ms' }))).toBe('PUBLISH QoS 0 t [delay 500 ms]')
  })

  it('exports Mermaid with publishers left of the broker and one arrow per packet', () => {
    const lanes = laneOrder(events)
    expect(lanes).toEqual({ left: ['pub'], right: ['sub'] })
    const text = toMermaid(events, lanes)
    expect(text.split('\n').slice(0, 4)).toEqual(['sequenceDiagram', '    participant C0_pub as pub', '    participant Broker', '    participant C1_sub as sub'])
    expect(text).toContain('    C0_pub->>Broker: PUBLISH id 5 QoS 2 door\n')
    expect(text).toContain('    Broker->>C1_sub: PUBLISH id 1 QoS 1 DUP door\n')
    expect(text.split('\n').filter((l) => l.includes('->>'))).toHaveLength(events.length)
    expect(toMermaid([ev({ clientId: 'pub', cmd: 'puback', packetId: 3, fault: 'drop' })], lanes)).toContain('    C0_pub-xBroker: PUBACK id 3 [lost]\n')
  })
})
