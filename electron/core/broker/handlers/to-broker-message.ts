// Turns a received PUBLISH (or a CONNECT's will) into the broker's immutable message.
import type { IPublishPacket } from '../../codec/mqtt-codec'
import type { BrokerMessage, ForwardedProperties } from '../message'

type PublishLike = Pick<IPublishPacket, 'topic' | 'payload' | 'qos' | 'retain'> & {
  properties?: {
    payloadFormatIndicator?: boolean
    messageExpiryInterval?: number
    contentType?: string
    responseTopic?: string
    correlationData?: Buffer
    userProperties?: Record<string, string | string[]>
  }
}

/** Copies the fields the broker keeps; MQTT 5 properties only for v5 senders. */
export function toBrokerMessage(p: PublishLike, opts: { publisher: string | null; now: number; version: 3 | 4 | 5; topic?: string }): BrokerMessage {
  const props = opts.version === 5 ? p.properties : undefined
  let properties: ForwardedProperties | null = null
  if (props !== undefined) {
    const f: ForwardedProperties = {}
    if (props.payloadFormatIndicator !== undefined) f.payloadFormatIndicator = props.payloadFormatIndicator
    if (props.contentType !== undefined) f.contentType = props.contentType
    if (props.responseTopic !== undefined) f.responseTopic = props.responseTopic
    if (props.correlationData !== undefined) f.correlationData = Buffer.from(props.correlationData)
    if (props.userProperties !== undefined) f.userProperties = props.userProperties
    if (Object.keys(f).length > 0) properties = f
  }
  const expiry = props?.messageExpiryInterval
  return {
    topic: opts.topic ?? p.topic,
    // A copy: the parsed payload shares memory with the socket chunk, which a queued or retained
    // message would otherwise keep alive whole.
    payload: Buffer.from(p.payload as Buffer | string),
    qos: p.qos,
    retain: p.retain,
    properties,
    publisher: opts.publisher,
    receivedAt: opts.now,
    expiresAt: expiry === undefined ? null : opts.now + expiry * 1000,
  }
}
