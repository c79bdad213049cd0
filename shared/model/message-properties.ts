// The MQTT 5.0 PUBLISH properties as plain data (no Buffer), the same shape everywhere: what the explorer
// sends, what it receives, what the history stores and what the message detail shows.

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
