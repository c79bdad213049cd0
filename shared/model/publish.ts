// Publishing from the UI: the request the page sends for one message on one explorer connection, the
// broker's answer, and the check of a request at the trust boundary ('explorer:publish').
import { findTopicNameProblem } from '../mqtt/topic'
import { describeTopicProblem } from '../mqtt/topic-problem'
import type { MessageProperties } from './message-properties'

/** The largest payload the UI sends (the MQTT limit is 256 MB; a form is not the tool for more). */
export const MAX_PUBLISH_PAYLOAD_BYTES = 16 * 1024 * 1024

export interface PublishRequest {
  connectionId: string
  topic: string
  payload: Uint8Array
  qos: 0 | 1 | 2
  retain: boolean
  /** Sent on MQTT 5 connections only. */
  properties?: MessageProperties
}

/** The broker's acknowledgment: null for QoS 0 (nothing comes back), else the PUBACK or PUBCOMP reason. */
export interface PublishResult {
  reasonCode: number | null
  reasonName: string | null
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isUint = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max

/** The request, or a sentence naming the first bad field. */
export function parsePublishRequest(raw: unknown): PublishRequest | string {
  if (!isObject(raw)) return 'A publish request must be an object.'
  if (typeof raw.connectionId !== 'string' || raw.connectionId === '' || raw.connectionId.length > 200) return 'A publish request needs a connection id.'
  if (typeof raw.topic !== 'string') return 'A publish request needs a topic.'
  const problem = findTopicNameProblem(raw.topic)
  if (problem !== null) return describeTopicProblem(problem)
  if (!(raw.payload instanceof Uint8Array)) return 'The payload must be bytes.'
  if (raw.payload.byteLength > MAX_PUBLISH_PAYLOAD_BYTES) return `The payload is ${raw.payload.byteLength} bytes; the UI sends at most ${MAX_PUBLISH_PAYLOAD_BYTES}.`
  if (raw.qos !== 0 && raw.qos !== 1 && raw.qos !== 2) return 'QoS must be 0, 1 or 2.'
  if (typeof raw.retain !== 'boolean') return 'Retain must be true or false.'
  const properties = raw.properties === undefined ? undefined : parseProperties(raw.properties)
  if (typeof properties === 'string') return properties
  return { connectionId: raw.connectionId, topic: raw.topic, payload: raw.payload, qos: raw.qos, retain: raw.retain, ...(properties === undefined ? {} : { properties }) }
}

function parseProperties(raw: unknown): MessageProperties | string {
  if (!isObject(raw)) return 'The properties must be an object.'
  const p: MessageProperties = {}
  if (raw.payloadFormatIndicator !== undefined) {
    if (typeof raw.payloadFormatIndicator !== 'boolean') return 'The payload format indicator must be true or false.'
    p.payloadFormatIndicator = raw.payloadFormatIndicator
  }
  if (raw.messageExpiryIntervalS !== undefined) {
    if (!isUint(raw.messageExpiryIntervalS, 0xffffffff)) return 'The message expiry must be a whole number of seconds (0 to 4294967295).'
    p.messageExpiryIntervalS = raw.messageExpiryIntervalS
  }
  for (const key of ['contentType', 'responseTopic'] as const) {
    const v = raw[key]
    if (v === undefined) continue
    if (typeof v !== 'string' || v.length > 65_535) return `${key} must be a string.`
    p[key] = v
  }
  if (p.responseTopic !== undefined) {
    // A Response Topic is a topic name, never a filter [MQTT-3.3.2-14].
    const problem = findTopicNameProblem(p.responseTopic)
    if (problem !== null) return `Response topic: ${describeTopicProblem(problem)}`
  }
  if (raw.correlationData !== undefined) {
    if (!(raw.correlationData instanceof Uint8Array) || raw.correlationData.byteLength > 65_535) return 'The correlation data must be bytes (at most 65,535).'
    p.correlationData = raw.correlationData
  }
  if (raw.userProperties !== undefined) {
    if (!Array.isArray(raw.userProperties) || raw.userProperties.length > 1000) return 'User properties must be a list of { key, value }.'
    const pairs: Array<{ key: string; value: string }> = []
    for (const pair of raw.userProperties) {
      if (!isObject(pair) || typeof pair.key !== 'string' || typeof pair.value !== 'string') return 'User properties must be a list of { key, value }.'
      pairs.push({ key: pair.key, value: pair.value })
    }
    p.userProperties = pairs
  }
  return p
}
