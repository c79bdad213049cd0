// An application message as the broker holds it between receiving and delivering: immutable, shared by
// every subscriber's queue, with the MQTT 5 properties that travel with it [MQTT-3.3.2-…].

/** MQTT 5 PUBLISH properties the broker forwards unaltered [MQTT-3.3.2-4], [MQTT-3.3.2-15..20]. */
export interface ForwardedProperties {
  payloadFormatIndicator?: boolean
  contentType?: string
  responseTopic?: string
  correlationData?: Buffer
  userProperties?: Record<string, string | string[]>
}

export interface BrokerMessage {
  readonly topic: string
  readonly payload: Buffer
  readonly qos: 0 | 1 | 2
  readonly retain: boolean
  readonly properties: ForwardedProperties | null
  /** The publishing client, or null for the broker itself ($SYS, wills are the client's). */
  readonly publisher: string | null
  readonly receivedAt: number
  /** From Message Expiry Interval; null = never. Expired messages are dropped from queues [MQTT-3.3.2-5]. */
  readonly expiresAt: number | null
}

/** One message on its way to one subscriber, with the per-subscription decisions already taken. */
export interface Delivery {
  readonly message: BrokerMessage
  /** min(publish QoS, granted QoS) [MQTT-3.8.4-8]. */
  readonly qos: 0 | 1 | 2
  /** The RETAIN flag to send: set for retained messages sent on subscribe, or with Retain As Published. */
  readonly retain: boolean
  /** v5 Subscription Identifiers of the matching subscriptions [MQTT-3.3.4-3]. */
  readonly subscriptionIds: readonly number[]
}

/** Seconds of expiry left, rounded up, or null when the message never expires. */
export function remainingExpirySeconds(message: BrokerMessage, now: number): number | null {
  return message.expiresAt === null ? null : Math.max(0, Math.ceil((message.expiresAt - now) / 1000))
}

/** True when the message has outlived its Message Expiry Interval. */
export function isExpired(message: BrokerMessage, now: number): boolean {
  return message.expiresAt !== null && message.expiresAt <= now
}
