// A trace read as messages: each flow (one application message) with its publisher's leg and one leg per
// subscriber, the time of each step, the end-to-end latency, and the effective QoS of each delivery with
// why it was lowered. Pure: the lab view and the lessons' checks both use it.
import type { TraceEvent } from '../model/lab-trace'

export interface FlowLeg {
  legId: number
  clientId: string
  /** publish: the client sent the message to the broker; deliver: the broker sent it to a subscriber. */
  role: 'publish' | 'deliver'
  qos: 0 | 1 | 2
  packetId: number | null
  /** PUBLISH packets of this leg after the first (DUP re-sends). */
  resent: number
  startedAt: number
  /** The last acknowledgment (PUBACK, PUBCOMP), or the PUBLISH itself for QoS 0; null while open. */
  completedAt: number | null
  seqs: number[]
}

export interface FlowSummary {
  flowId: number
  topic: string | null
  publisher: string | null
  /** A will: the client the broker published it for (it has no publisher's leg). */
  willOf: string | null
  /** The QoS the publisher sent it with (null: published by the broker itself, or its first leg fell off the trace). */
  publishQos: 0 | 1 | 2 | null
  startedAt: number
  legs: FlowLeg[]
  /** From the publisher's PUBLISH reaching the broker to the last delivery's PUBLISH leaving it. */
  deliveredAfterMs: number | null
  /** To the last acknowledgment of a delivery. */
  completedAfterMs: number | null
}

export function summarizeFlows(events: readonly TraceEvent[]): Map<number, FlowSummary> {
  const flows = new Map<number, FlowSummary>()
  const legs = new Map<number, FlowLeg>()
  for (const e of events) {
    if (e.flowId === null || e.legId === null) continue
    let flow = flows.get(e.flowId)
    if (flow === undefined) {
      flow = { flowId: e.flowId, topic: e.topic, publisher: null, willOf: e.willOf ?? null, publishQos: null, startedAt: e.at, legs: [], deliveredAfterMs: null, completedAfterMs: null }
      flows.set(e.flowId, flow)
    }
    let leg = legs.get(e.legId)
    if (leg === undefined) {
      if (e.cmd !== 'publish') continue // its PUBLISH fell off the trace
      leg = { legId: e.legId, clientId: e.clientId, role: e.dir === 'c2b' ? 'publish' : 'deliver', qos: e.qos ?? 0, packetId: e.packetId, resent: 0, startedAt: e.at, completedAt: e.qos === 0 ? e.at : null, seqs: [] }
      legs.set(e.legId, leg)
      flow.legs.push(leg)
      if (leg.role === 'publish') {
        flow.publisher = e.clientId
        flow.publishQos = leg.qos
        flow.startedAt = e.at
      }
    } else if (e.cmd === 'publish') {
      leg.resent++
    }
    leg.seqs.push(e.seq)
    const failed = e.reasonCode !== null && e.reasonCode >= 0x80
    if (e.cmd === 'puback' || e.cmd === 'pubcomp' || failed) leg.completedAt = e.at
  }
  for (const flow of flows.values()) {
    const deliveries = flow.legs.filter((l) => l.role === 'deliver')
    if (flow.publisher === null || deliveries.length === 0) continue
    flow.deliveredAfterMs = Math.max(...deliveries.map((l) => l.startedAt)) - flow.startedAt
    if (deliveries.every((l) => l.completedAt !== null)) flow.completedAfterMs = Math.max(...deliveries.map((l) => l.completedAt!)) - flow.startedAt
  }
  return flows
}

/** Why a delivery's QoS is below the publish QoS: the subscription asked for less [MQTT-3.8.4-8]. */
export function downgradeOf(flow: FlowSummary, leg: FlowLeg): { from: 0 | 1 | 2; to: 0 | 1 | 2 } | null {
  if (leg.role !== 'deliver' || flow.publishQos === null || leg.qos >= flow.publishQos) return null
  return { from: flow.publishQos, to: leg.qos }
}
