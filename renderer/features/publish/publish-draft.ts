// The publish form's state as data, and what it becomes: a PublishRequest, or the reasons (message keys
// and params) the form shows next to each field. Pure, so the rules are tested without a DOM.
import type { MessageKey } from '../../../shared/i18n/translate'
import type { MessageProperties } from '../../../shared/model/message-properties'
import type { PublishRequest } from '../../../shared/model/publish'
import type { SavedPublish } from '../../../shared/model/saved-publish'
import { findTopicNameProblem } from '../../../shared/mqtt/topic'
import type { TopicProblem } from '../../../shared/mqtt/topic-problem'
import { readPayload, type PayloadFormat } from './payload-input'

/** The form's state: a SavedPublish plus the connection it goes to. */
export interface PublishDraft extends SavedPublish {
  connectionId: string
  format: PayloadFormat
}

/** The draft as the backend keeps it (recent publishes, templates): everything but the connection. */
export function savedOf(draft: PublishDraft): SavedPublish {
  const { connectionId: _connectionId, ...entry } = draft
  return entry
}

export function emptyDraft(connectionId: string, topic: string): PublishDraft {
  return {
    connectionId, topic, format: 'text', payload: '', qos: 0, retain: false,
    contentType: '', responseTopic: '', correlationData: '', messageExpiry: '', payloadIsUtf8: false, userProperties: [],
  }
}

export interface DraftProblems {
  topic: TopicProblem | null
  payload: { key: MessageKey; params?: Record<string, string | number> } | null
  responseTopic: TopicProblem | null
  messageExpiry: MessageKey | null
}

export type DraftOutcome = { ok: true; request: PublishRequest } | { ok: false; problems: DraftProblems }

const MAX_EXPIRY_S = 0xffffffff

/** The request the draft stands for, or every problem in it. Properties go only to MQTT 5 connections. */
export function buildRequest(draft: PublishDraft, mqtt5: boolean): DraftOutcome {
  const payload = readPayload(draft.format, draft.payload)
  const problems: DraftProblems = {
    topic: findTopicNameProblem(draft.topic),
    payload: payload.ok ? null : { key: payload.key, params: payload.params },
    responseTopic: mqtt5 && draft.responseTopic !== '' ? findTopicNameProblem(draft.responseTopic) : null,
    messageExpiry: mqtt5 && draft.messageExpiry !== '' && !isExpiry(draft.messageExpiry) ? 'publish.props.badExpiry' : null,
  }
  if (!payload.ok || problems.topic !== null || problems.responseTopic !== null || problems.messageExpiry !== null) return { ok: false, problems }
  const request: PublishRequest = { connectionId: draft.connectionId, topic: draft.topic, payload: payload.bytes, qos: draft.qos, retain: draft.retain }
  if (mqtt5) {
    const properties = propertiesOf(draft)
    if (Object.keys(properties).length > 0) request.properties = properties
  }
  return { ok: true, request }
}

function isExpiry(text: string): boolean {
  return /^\d+$/.test(text) && Number(text) <= MAX_EXPIRY_S
}

function propertiesOf(d: PublishDraft): MessageProperties {
  const p: MessageProperties = {}
  if (d.contentType !== '') p.contentType = d.contentType
  if (d.responseTopic !== '') p.responseTopic = d.responseTopic
  if (d.correlationData !== '') p.correlationData = new TextEncoder().encode(d.correlationData)
  if (d.messageExpiry !== '') p.messageExpiryIntervalS = Number(d.messageExpiry)
  if (d.payloadIsUtf8) p.payloadFormatIndicator = true
  const pairs = d.userProperties.filter((u) => u.key !== '')
  if (pairs.length > 0) p.userProperties = pairs
  return p
}
