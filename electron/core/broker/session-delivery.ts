// Moving deliveries from a session to its connection: send now when the link and the inflight window
// allow, otherwise queue (bounded, drops counted); pump the queue when room appears; re-send
// unacknowledged messages with DUP=1 when a session resumes [MQTT-4.4.0-1].
import type { Connection } from './connection'
import type { OutboundEntry } from './inflight'
import { isExpired, type Delivery } from './message'
import type { Session } from './session'
import type { BrokerContext } from './broker-context'

/**
 * Unacknowledged PUBLISHes of a resumed session not yet re-sent on this connection: the new connection's
 * Receive Maximum limits re-sends too [MQTT-3.3.4-9], so they wait for acknowledgements, oldest first.
 */
const awaitingResend = new WeakMap<Connection, OutboundEntry[]>()

/** Hands one delivery to a session: sent at once, queued, or dropped (and counted). */
export function deliver(session: Session, conn: Connection | null, delivery: Delivery, ctx: BrokerContext): void {
  if (conn === null || conn.state !== 'connected') {
    // mosquitto's queue_qos0_messages: QoS 0 is not kept for offline sessions unless asked.
    if (delivery.qos === 0 && !ctx.limits.queueQos0WhenOffline) return
    enqueue(session, delivery, ctx)
    return
  }
  // Anything already waiting goes first, so per-topic order holds [MQTT-4.6.0-5 (5.0)].
  if (session.queue.length === 0 && !conn.congested && trySend(session, conn, delivery, ctx)) return
  enqueue(session, delivery, ctx)
  if (!conn.congested) pumpSession(session, conn)
}

/** Sends queued deliveries while the connection can take them. */
export function pumpSession(session: Session, conn: Connection): void {
  const ctx = conn.ctx
  if (!resendWaiting(session, conn)) return
  while (!conn.congested && conn.state === 'connected') {
    const next = session.queue.peek()
    if (next === undefined) return
    if (isExpired(next.message, ctx.now())) {
      session.queue.shift()
      ctx.persister.deliveryDropped(session, next)
      ctx.countDrop(session.clientId, next.message.topic, 'expired')
      continue
    }
    if (next.qos > 0 && session.outbound.size >= conn.sendWindow) return
    session.queue.shift()
    trySend(session, conn, next, ctx)
  }
}

/**
 * On a resumed session: PUBLISH again with DUP=1 for messages awaiting PUBACK/PUBREC, PUBREL again for
 * those awaiting PUBCOMP [MQTT-4.4.0-1], in their original order; then the queue. PUBRELs go at once
 * [MQTT-3.3.4-10]; PUBLISHes beyond the connection's send window wait for acknowledgements [MQTT-3.3.4-9].
 */
export function resumeSession(session: Session, conn: Connection): void {
  const waiting: OutboundEntry[] = []
  let unacknowledged = 0
  for (const entry of session.outbound.values()) {
    if (entry.state !== 'awaiting-pubcomp' && (waiting.length > 0 || unacknowledged >= conn.sendWindow)) {
      waiting.push(entry)
      continue
    }
    resend(entry, conn)
    unacknowledged++
  }
  if (waiting.length > 0) awaitingResend.set(conn, waiting)
  pumpSession(session, conn)
}

/** Re-sends waiting PUBLISHes while the window has room; true when none is left (the queue may go next). */
function resendWaiting(session: Session, conn: Connection): boolean {
  const waiting = awaitingResend.get(conn)
  if (waiting === undefined) return true
  // An entry acknowledged before its re-send (the client had it already) no longer waits.
  for (let i = waiting.length - 1; i >= 0; i--) if (session.outbound.get(waiting[i]!.packetId) !== waiting[i]) waiting.splice(i, 1)
  while (waiting.length > 0 && !conn.congested && conn.state === 'connected' && session.outbound.size - waiting.length < conn.sendWindow) {
    resend(waiting.shift()!, conn)
  }
  if (waiting.length > 0) return false
  awaitingResend.delete(conn)
  return true
}

function resend(entry: OutboundEntry, conn: Connection): void {
  entry.retries++
  entry.sentAt = conn.ctx.now()
  if (entry.state === 'awaiting-pubcomp') conn.send({ cmd: 'pubrel', messageId: entry.packetId })
  else conn.sendPublish(entry.delivery, entry.packetId, true)
}

/** Sends now if the inflight window has room (QoS 0 always does); false when the caller must queue. */
function trySend(session: Session, conn: Connection, delivery: Delivery, ctx: BrokerContext): boolean {
  if (delivery.qos === 0) {
    if (conn.sendPublish(delivery, null, false)) {
      ctx.persister.deliverySent(session, delivery, null)
    } else {
      ctx.persister.deliveryDropped(session, delivery)
      ctx.countDrop(session.clientId, delivery.message.topic, 'too-large')
    }
    return true
  }
  if (session.outbound.size >= conn.sendWindow) return false
  const entry = session.outbound.add(delivery, ctx.now())
  if (entry === null) return false
  if (!conn.sendPublish(delivery, entry.packetId, false)) {
    // Never sent: the packet id is free again and the message is counted, not silently lost [MQTT-3.1.2-25].
    session.outbound.delete(entry.packetId)
    ctx.persister.deliveryDropped(session, delivery)
    ctx.countDrop(session.clientId, delivery.message.topic, 'too-large')
    return true
  }
  ctx.persister.deliverySent(session, delivery, entry)
  return true
}

function enqueue(session: Session, delivery: Delivery, ctx: BrokerContext): void {
  const dropped = session.queue.push(delivery)
  if (!dropped.includes(delivery)) ctx.persister.deliveryQueued(session, delivery)
  for (const d of dropped) {
    if (d !== delivery) ctx.persister.deliveryDropped(session, d)
    ctx.countDrop(session.clientId, d.message.topic, 'queue-full')
  }
}
