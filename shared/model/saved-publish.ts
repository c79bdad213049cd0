// Publishes the user keeps: the recent ones (newest first, bounded) and named templates. Stored as the form
// had them (payload text and its format), so loading one gives back exactly what was typed.

/** Recent publishes kept. */
export const MAX_RECENT_PUBLISHES = 50
/** Named templates kept. */
export const MAX_TEMPLATES = 200
const MAX_PAYLOAD_TEXT = 1024 * 1024

export type SavedPayloadFormat = 'text' | 'json' | 'hex' | 'base64'

export interface SavedPublish {
  topic: string
  format: SavedPayloadFormat
  payload: string
  qos: 0 | 1 | 2
  retain: boolean
  /** MQTT 5 properties as typed; an empty string means "not set". */
  contentType: string
  responseTopic: string
  correlationData: string
  messageExpiry: string
  payloadIsUtf8: boolean
  userProperties: Array<{ key: string; value: string }>
}

export interface PublishTemplate {
  name: string
  entry: SavedPublish
}

export interface SavedPublishes {
  recent: SavedPublish[]
  templates: PublishTemplate[]
}

export type SavePublishRequest = { kind: 'recent'; entry: SavedPublish } | { kind: 'template'; name: string; entry: SavedPublish }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown, max = 65_535): v is string => typeof v === 'string' && v.length <= max

/** A saved publish from outside (the page, or the file), or null when it is not one. */
export function parseSavedPublish(raw: unknown): SavedPublish | null {
  if (!isObject(raw)) return null
  const { topic, format, payload, qos, retain, contentType, responseTopic, correlationData, messageExpiry, payloadIsUtf8, userProperties } = raw
  if (!isString(topic) || !isString(payload, MAX_PAYLOAD_TEXT) || !['text', 'json', 'hex', 'base64'].includes(format as string)) return null
  if (qos !== 0 && qos !== 1 && qos !== 2) return null
  if (typeof retain !== 'boolean' || typeof payloadIsUtf8 !== 'boolean') return null
  if (!isString(contentType) || !isString(responseTopic) || !isString(correlationData) || !isString(messageExpiry, 20)) return null
  if (!Array.isArray(userProperties) || !userProperties.every((u) => isObject(u) && isString(u.key) && isString(u.value))) return null
  return {
    topic, format: format as SavedPayloadFormat, payload, qos, retain, contentType, responseTopic, correlationData, messageExpiry, payloadIsUtf8,
    userProperties: (userProperties as Array<{ key: string; value: string }>).map(({ key, value }) => ({ key, value })),
  }
}

export function parseSavePublishRequest(raw: unknown): SavePublishRequest | string {
  if (!isObject(raw)) return 'A save request must be an object.'
  const entry = parseSavedPublish(raw.entry)
  if (entry === null) return 'The publish to save is malformed.'
  if (raw.kind === 'recent') return { kind: 'recent', entry }
  if (raw.kind === 'template') {
    if (typeof raw.name !== 'string' || raw.name.trim() === '' || raw.name.length > 200) return 'A template needs a name (at most 200 characters).'
    return { kind: 'template', name: raw.name.trim(), entry }
  }
  return "kind must be 'recent' or 'template'."
}
