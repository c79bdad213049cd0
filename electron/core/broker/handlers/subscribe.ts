// SUBSCRIBE: per-filter checks and authorization, each with its own SUBACK code (v5 reason codes,
// 3.1.1's 0x80); v5 options; then SUBACK and the retained messages per Retain Handling [MQTT-3.8.4-…].
import { checkTopicFilter } from '../../../../shared/mqtt/topic'
import { ProtocolError, type ISubscribePacket, type Packet } from '../../codec/mqtt-codec'
import type { Connection } from '../connection'
import type { SubscriptionOptions } from '../session'
import { grantSubscription, sendRetained } from '../subscription-grant'

interface Granted {
  filter: string
  options: SubscriptionOptions
  isNew: boolean
}

export function handleSubscribe(conn: Connection, packet: ISubscribePacket): void | Promise<void> {
  const ctx = conn.ctx
  const v5 = conn.protocolVersion === 5
  const subscriptionId = v5 ? (packet.properties?.subscriptionIdentifier as number | undefined) ?? null : null
  for (const sub of packet.subscriptions) {
    if (sub.nl === true && sub.topic.startsWith('$share/')) {
      return conn.fail(new ProtocolError(0x82, 'Protocol error: No Local on a shared subscription [MQTT-3.8.3-4 (5.0)]'))
    }
  }
  const decisions = packet.subscriptions.map((sub) => ctx.policy.authorizeSubscribe?.(conn.info, sub.topic) ?? true)
  if (decisions.some((d) => d instanceof Promise)) {
    return Promise.all(decisions).then((allowed) => {
      if (conn.state === 'connected') finish(conn, packet, allowed, subscriptionId)
    })
  }
  finish(conn, packet, decisions as boolean[], subscriptionId)
}

function finish(conn: Connection, packet: ISubscribePacket, allowed: boolean[], subscriptionId: number | null): void {
  const ctx = conn.ctx
  const session = conn.session!
  const v5 = conn.protocolVersion === 5
  const codes: number[] = []
  const granted: Granted[] = []
  packet.subscriptions.forEach((sub, i) => {
    const problem = checkTopicFilter(sub.topic, { maxLevels: ctx.limits.maxTopicLevels })
    if (problem !== null) {
      ctx.log.info(`SUBSCRIBE from ${conn.info.clientId} refused '${sub.topic}': ${problem}`)
      codes.push(v5 ? 0x8f : 0x80)
      return
    }
    if (!allowed[i]) {
      codes.push(v5 ? 0x87 : 0x80)
      return
    }
    if (!session.subscriptions.has(sub.topic) && session.subscriptions.size >= ctx.limits.maxSubscriptionsPerClient) {
      codes.push(v5 ? 0x97 : 0x80)
      return
    }
    const qos = Math.min(sub.qos, ctx.limits.maximumQos) as 0 | 1 | 2
    const options: SubscriptionOptions = {
      qos,
      noLocal: v5 && sub.nl === true,
      retainAsPublished: v5 && sub.rap === true,
      retainHandling: v5 ? ((sub.rh ?? 0) as 0 | 1 | 2) : 0,
      subscriptionId,
    }
    const isNew = grantSubscription(ctx, session, sub.topic, options)
    granted.push({ filter: sub.topic, options, isNew })
    codes.push(qos)
  })
  ctx.notify('sessionChanged', { kind: 'subscriptions-changed', clientId: session.clientId })
  // SUBACK once the subscriptions are durable, then the retained messages, in that order [MQTT-3.8.4-…].
  ctx.persister.afterDurable(() => {
    if (conn.state !== 'connected') return
    conn.send((v5 ? { cmd: 'suback', messageId: packet.messageId, granted: codes, reasonCode: 0 } : { cmd: 'suback', messageId: packet.messageId, granted: codes }) as Packet)
    for (const g of granted) sendRetained(ctx, session, conn, conn.info, g.filter, g.options, g.isNew)
  })
}
