// The QoS lab's trace of the embedded broker: every control packet in and out, kept in a bounded ring
// (what falls off is counted), each PUBLISH exchange paired into a leg and each leg tied to the
// application message it carries, so the diagram groups a message's whole life from real packets.
//
// Pairing: a leg is one PUBLISH and its acknowledgments on one connection, keyed by client id, side (the
// client publishing, or the broker delivering) and packet id, so equal packet ids on other clients or
// the other side never mix. A re-sent PUBLISH after a reconnect joins its open leg; the leg closes
// with PUBACK (QoS 1), PUBCOMP (QoS 2) or an error reason code. The broker tells which message an
// inbound PUBLISH became (messageAccepted); each delivery carries that message's payload buffer, which
// identifies the message among all others.
import type { BrokerMessage } from '../broker/message'
import type { BrokerObserver, ClientInfo } from '../broker/hooks'
import { matchesFilter } from '../../../shared/mqtt/topic'
import type { TraceEvent, TracePage, TracePageRequest } from '../../../shared/model/lab-trace'

/** Legs waiting for their acknowledgments, at most; the oldest is forgotten beyond (a client that never acks). */
const MAX_OPEN_LEGS = 20_000

interface Leg {
  legId: number
  flowId: number | null
  topic: string | null
}

type Packet = Readonly<Record<string, unknown>> & { cmd: string }

export class PacketTrace {
  private readonly ring: Array<TraceEvent | undefined>
  private next = 0
  private stored = 0
  private seq: number
  private dropped = 0
  private legSeq = 0
  private flowSeq = 0
  private readonly open = new Map<string, Leg>()
  /** The last inbound PUBLISH of each client, until the broker says which message it became. */
  private readonly pendingAccept = new Map<string, { event: TraceEvent; leg: Leg | null }>()
  /** By payload buffer: the flow each accepted message (or will) is, and whose will it is. */
  private readonly flows = new WeakMap<Buffer, { flowId: number; topic: string; willOf: string | null }>()
  /** The leg the newest event closed, so a fault that dropped that acknowledgment can open it again. */
  private lastClosed: { seq: number; key: string; leg: Leg } | null = null

  /**
   * `startSeq`: where numbering goes on from (a cleared trace keeps counting, so pages never mix runs).
   * `ownFlows`: each PUBLISH exchange is a message of its own, for a client's side of a connection, where
   * the broker's routing cannot be seen.
   */
  constructor(readonly capacity: number, private readonly isInternal: (client: ClientInfo) => boolean, private readonly now: () => number = preciseNow, startSeq = 0,
              private readonly ownFlows = false) {
    this.ring = new Array(capacity)
    this.seq = startSeq
  }

  get lastSeq(): number {
    return this.seq
  }

  /** What to register with Broker.observe. */
  observer(): BrokerObserver {
    return {
      packetIn: (client, packet, bytes) => this.record(client, 'c2b', packet, bytes),
      packetOut: (client, packet, bytes) => this.record(client, 'b2c', packet, bytes),
      messageAccepted: (client, packetId, message) => this.accepted(client, packetId, message),
      // A will has no inbound PUBLISH: its deliveries form a flow of their own, named after its client.
      willPublished: (message) => { this.flows.set(message.payload, { flowId: ++this.flowSeq, topic: message.topic, willOf: message.publisher }) },
      // The broker reports a fault right after the packet's own event: it belongs to the newest one.
      faultApplied: ({ clientId, direction, cmd, fault }) => {
        const last = this.ring[(this.next - 1 + this.capacity) % this.capacity]
        if (last === undefined || last.clientId !== clientId || last.cmd !== cmd || last.dir !== (direction === 'in' ? 'c2b' : 'b2c')) return
        last.fault = fault
        // A dropped acknowledgment never arrived: its exchange is still open, and a re-send joins it.
        if (fault === 'drop' && this.lastClosed?.seq === last.seq) this.openLeg(this.lastClosed.key, this.lastClosed.leg)
      },
    }
  }

  page(req: TracePageRequest): Omit<TracePage, 'recordingSince' | 'seenFromThisSide'> {
    const { filter } = req
    const topicFilter = filter.topic === null ? null : filter.topic.trim()
    const byFilter = topicFilter !== null && (topicFilter.includes('+') || topicFilter.includes('#'))
    const events: TraceEvent[] = []
    let more = false
    const count = this.stored
    // Kept events have consecutive seqs, the oldest being seq - count + 1: start right after afterSeq, so a
    // caught-up poll reads nothing.
    const skip = Math.max(0, Math.min(count, req.afterSeq - (this.seq - count)))
    for (let i = skip; i < count; i++) {
      const e = this.ring[(this.next - count + i + this.capacity) % this.capacity]!
      if (!filter.internal && e.internal) continue
      if (filter.clientId !== null && e.clientId !== filter.clientId) continue
      if (filter.cmds.length > 0 && !filter.cmds.includes(e.cmd)) continue
      if (topicFilter !== null && (e.topic === null || !(byFilter ? matchesFilter(topicFilter, e.topic) : e.topic.startsWith(topicFilter)))) continue
      if (events.length === req.limit) {
        more = true
        break
      }
      events.push(e)
    }
    return { events, lastSeq: this.seq, dropped: this.dropped, capacity: this.capacity, more }
  }

  /** A packet of one of the app's own connections: out is sent to the broker, in received from it. */
  recordOwn(who: { clientId: string; protocolVersion: 3 | 4 | 5 }, direction: 'in' | 'out', packet: { readonly cmd: string }): void {
    const client: ClientInfo = { clientId: who.clientId, username: null, address: '', protocolVersion: who.protocolVersion, listener: '', certificateCommonName: null }
    this.record(client, direction === 'out' ? 'c2b' : 'b2c', packet as Packet, (packet as { length?: number }).length ?? 0)
  }

  private record(client: ClientInfo, dir: 'c2b' | 'b2c', packet: Packet, bytes: number): void {
    const p = packet as Packet & { protocolVersion?: 3 | 4 | 5; sessionPresent?: boolean; clientId?: string; messageId?: number; qos?: number; dup?: boolean; retain?: boolean; topic?: string; payload?: Buffer; reasonCode?: number; returnCode?: number; granted?: number[] }
    const isPublish = p.cmd === 'publish'
    const event: TraceEvent = {
      // A CONNECT arrives before the connection knows its client id (or gets an assigned one).
      seq: ++this.seq, at: this.now(), clientId: client.clientId !== '' ? client.clientId : p.clientId ?? '', internal: this.isInternal(client), dir, cmd: p.cmd,
      packetId: p.messageId ?? null, qos: isPublish ? ((p.qos ?? 0) as 0 | 1 | 2) : null, dup: isPublish && p.dup === true,
      retain: isPublish && p.retain === true, topic: isPublish && p.topic !== '' ? (p.topic ?? null) : null,
      reasonCode: p.reasonCode ?? p.returnCode ?? null, granted: Array.isArray(p.granted) ? [...p.granted] : null,
      // A CONNECT says its own level: the connection does not know it before.
      bytes: isPublish ? (p.payload?.length ?? 0) : bytes, flowId: null, legId: null, protocolVersion: p.cmd === 'connect' ? p.protocolVersion ?? client.protocolVersion : client.protocolVersion, fault: null,
    }
    // A new session numbers its packet ids afresh: exchanges left open by the old one can never end, and
    // must not swallow the new session's first messages.
    if (p.cmd === 'connack' && p.sessionPresent !== true) this.forgetOpenLegs(event.clientId)
    this.pair(event, p.payload)
    if (this.ring[this.next] !== undefined) this.dropped++
    else this.stored++
    this.ring[this.next] = event
    this.next = (this.next + 1) % this.capacity
  }

  private pair(e: TraceEvent, payload: Buffer | undefined): void {
    // The side of the exchange: 'in' when the client publishes, 'out' when the broker delivers.
    const publisherSide = (e.cmd === 'publish' || e.cmd === 'pubrel') === (e.dir === 'c2b') ? 'in' : 'out'
    switch (e.cmd) {
      case 'publish': {
        const known = e.dir === 'b2c' && payload !== undefined ? this.flows.get(payload) : undefined
        if (known !== undefined) {
          e.flowId = known.flowId
          e.topic = known.topic
          if (known.willOf !== null) e.willOf = known.willOf
        }
        const key = this.key(e.clientId, publisherSide, e.packetId)
        // A packet id stays in use until its exchange ends [MQTT-2.2.1-3]: a PUBLISH reusing an open one is
        // a re-send, whether or not the sender set DUP.
        let leg = e.qos !== 0 ? this.open.get(key) : undefined
        if (leg === undefined) {
          leg = { legId: ++this.legSeq, flowId: e.flowId ?? (this.ownFlows ? ++this.flowSeq : null), topic: e.topic }
          if (e.qos !== 0) this.openLeg(key, leg)
        }
        e.legId = leg.legId
        e.flowId ??= leg.flowId
        e.topic ??= leg.topic
        if (e.dir === 'c2b') this.pendingAccept.set(e.clientId, { event: e, leg: e.qos === 0 ? leg : this.open.get(key) ?? null })
        return
      }
      case 'puback':
      case 'pubrec':
      case 'pubrel':
      case 'pubcomp': {
        const key = this.key(e.clientId, publisherSide, e.packetId)
        const leg = this.open.get(key)
        if (leg === undefined) return
        e.legId = leg.legId
        e.flowId = leg.flowId
        e.topic = leg.topic
        const failed = e.reasonCode !== null && e.reasonCode >= 0x80
        if (e.cmd === 'puback' || e.cmd === 'pubcomp' || failed) {
          this.open.delete(key)
          this.lastClosed = { seq: e.seq, key, leg }
        }
        return
      }
      default:
    }
  }

  private accepted(client: ClientInfo, packetId: number | null, message: BrokerMessage): void {
    const flowId = ++this.flowSeq
    this.flows.set(message.payload, { flowId, topic: message.topic, willOf: null })
    const pending = this.pendingAccept.get(client.clientId)
    if (pending === undefined || pending.event.packetId !== packetId) return
    this.pendingAccept.delete(client.clientId)
    pending.event.flowId = flowId
    pending.event.topic = message.topic // the name a Topic Alias stood for
    if (pending.leg !== null) {
      pending.leg.flowId = flowId
      pending.leg.topic = message.topic
    }
  }

  private forgetOpenLegs(clientId: string): void {
    const prefix = `${clientId}\u0000`
    for (const key of this.open.keys()) if (key.startsWith(prefix)) this.open.delete(key)
    this.pendingAccept.delete(clientId)
  }

  private openLeg(key: string, leg: Leg): void {
    this.open.delete(key)
    this.open.set(key, leg)
    if (this.open.size > MAX_OPEN_LEGS) this.open.delete(this.open.keys().next().value as string)
  }

  private key(clientId: string, side: 'in' | 'out', packetId: number | null): string {
    return `${clientId}\u0000${side}\u0000${packetId ?? 0}`
  }
}

/** Epoch milliseconds with the monotonic clock's fraction, so packets in one millisecond keep their order. */
function preciseNow(): number {
  return performance.timeOrigin + performance.now()
}
