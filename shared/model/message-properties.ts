// The MQTT 5.0 PUBLISH properties as plain data (no Buffer), the same shape everywhere: what the explorer
// sends, what it receives, what the history stores and what the message detail shows; and the rest of
// what a received PUBLISH said.

export interface MessageProperties {
  payloadFormatIndicator?: boolean
  messageExpiryIntervalS?: number
  contentType?: string
  responseTopic?: string
  correlationData?: Uint8Array
  /** In wire order; a key may repeat [MQTT-3.3.2-18]. */
  userProperties?: Array<{ key: string; value: string }>
  /** Only on received messages: the ids of the subscriptions that matched [MQTT-3.3.4-3]. */
  subscriptionIds?: number[]
}

/** What the PUBLISH packet said about a received message, besides its topic and payload. */
export interface ReceivedMessageInfo {
  qos: 0 | 1 | 2
  retain: boolean
  dup: boolean
  /** The PUBLISH packet id (QoS 1 and 2); null for QoS 0. */
  packetId: number | null
  /** MQTT 5 properties as received; null for none or MQTT 3.1/3.1.1. */
  properties: MessageProperties | null
  /** When the connection received it, epoch ms. */
  receivedAt: number
}
