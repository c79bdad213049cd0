// The connection form's editable state and its conversion to the ConnectionProfile that connections:save takes.
// Pure: no React, no store; the form validates the result with validateProfile.
import { createProfile, type ConnectionProfile, type Transport } from '../../../shared/model/connection-profile'
import type { SavedProfile, SaveProfileRequest } from '../../../shared/model/explorer'

/** The usual port of each transport; switching transport moves the port only while it is still the old default. */
export const DEFAULT_PORTS: Readonly<Record<Transport, number>> = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 }

export interface ProfileDraft {
  /** The profile as loaded (or created): its id and every field the form does not show are kept. */
  profile: ConnectionProfile
  /** The port as typed; an invalid text makes validateProfile name the port. */
  portText: string
  /** Empty keeps the stored password (when there is one) or sends none. */
  password: string
  /** Remove the stored password on save. */
  clearPassword: boolean
  /** Whether the saved profile has a stored password (shown as a hint instead of the password). */
  hasStoredPassword: boolean
  /** Numbers as typed (see NUMBER_FIELDS); an invalid text becomes NaN, which validateProfile names. */
  numbers: Record<NumberFieldKey, string>
  /** The client key as pasted; empty keeps the stored one (when there is one). */
  tlsKey: string
  hasStoredKey: boolean
}

/** The profile's number fields the form edits as text; blank means "not set" where the profile allows null. */
export type NumberFieldKey = 'keepaliveS' | 'sessionExpiryS' | 'receiveMaximum' | 'connectTimeoutS' | 'reconnectMinMs' | 'reconnectMaxMs' | 'willDelayS' | 'willExpiryS'

function numbersOf(p: ConnectionProfile): Record<NumberFieldKey, string> {
  const text = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n))
  return {
    keepaliveS: text(p.keepaliveS), sessionExpiryS: text(p.sessionExpiryS), receiveMaximum: text(p.receiveMaximum),
    connectTimeoutS: text(p.connectTimeoutS), reconnectMinMs: text(p.reconnect.minDelayMs), reconnectMaxMs: text(p.reconnect.maxDelayMs),
    willDelayS: text(p.will?.properties.willDelayIntervalS), willExpiryS: text(p.will?.properties.messageExpiryIntervalS),
  }
}

/** A number typed in the form: NaN for anything but digits, null for a blank optional one. */
function numberOf(text: string): number
function numberOf(text: string, optional: true): number | null
function numberOf(text: string, optional = false): number | null {
  if (optional && text.trim() === '') return null
  return parsePort(text)
}

/** An empty Will, for the "send a will" checkbox. */
export function emptyWill(): NonNullable<ConnectionProfile['will']> {
  return {
    topic: '', payload: '', qos: 0, retain: false,
    properties: { willDelayIntervalS: null, payloadFormatIndicator: null, messageExpiryIntervalS: null, contentType: null, responseTopic: null, correlationData: null, userProperties: [] },
  }
}

/** A fresh, unguessable profile id; getRandomValues also works outside secure contexts (serve on a LAN address). */
export function newProfileId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return `profile-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** The form's state for a new profile (random client id) or for editing a saved one. */
export function createDraft(saved: SavedProfile | null): ProfileDraft {
  const profile = saved?.profile ?? createProfile({ id: newProfileId() })
  return {
    profile, portText: String(profile.port), password: '', clearPassword: false, hasStoredPassword: saved?.hasPassword ?? false,
    numbers: numbersOf(profile), tlsKey: '', hasStoredKey: saved?.hasTlsKey ?? false,
  }
}

/** The port typed, or NaN when it is not digits only (so "80a" or "1.5" are not read as numbers). */
export function parsePort(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN
}

/** A draft with another transport; the port follows it when it was the previous transport's default. */
export function withTransport(draft: ProfileDraft, transport: Transport): ProfileDraft {
  const followDefault = parsePort(draft.portText) === DEFAULT_PORTS[draft.profile.transport]
  return {
    ...draft,
    profile: { ...draft.profile, transport },
    portText: followDefault ? String(DEFAULT_PORTS[transport]) : draft.portText,
  }
}

/**
 * The profile the draft describes (what connections:save takes); an empty password or key is null (keep the
 * stored one, or none). Blank PEM fields are null.
 */
export function profileOf(draft: ProfileDraft): ConnectionProfile {
  const { profile, numbers: n } = draft
  const pem = (text: string | null): string | null => (text === null || text.trim() === '' ? null : text)
  return {
    ...profile,
    name: profile.name.trim(),
    host: profile.host.trim(),
    port: parsePort(draft.portText),
    username: profile.username === null || profile.username === '' ? null : profile.username,
    password: draft.password === '' || draft.clearPassword ? null : draft.password,
    keepaliveS: numberOf(n.keepaliveS),
    sessionExpiryS: numberOf(n.sessionExpiryS),
    receiveMaximum: numberOf(n.receiveMaximum, true),
    connectTimeoutS: numberOf(n.connectTimeoutS),
    reconnect: { ...profile.reconnect, minDelayMs: numberOf(n.reconnectMinMs), maxDelayMs: numberOf(n.reconnectMaxMs) },
    will: profile.will === null ? null : {
      ...profile.will,
      properties: {
        ...profile.will.properties, willDelayIntervalS: numberOf(n.willDelayS, true), messageExpiryIntervalS: numberOf(n.willExpiryS, true),
        userProperties: profile.will.properties.userProperties.filter((u) => u.key !== ''),
      },
    },
    tls: { ...profile.tls, ca: pem(profile.tls.ca), cert: pem(profile.tls.cert), key: pem(draft.tlsKey), servername: profile.tls.servername === '' ? null : profile.tls.servername },
  }
}

/** The profile as validateProfile should see it: a stored key counts as present while the field is empty. */
export function profileToValidate(draft: ProfileDraft): ConnectionProfile {
  const profile = profileOf(draft)
  return profile.tls.key === null && draft.hasStoredKey ? { ...profile, tls: { ...profile.tls, key: '(stored)' } } : profile
}

/** The connections:save request for the draft; clearPassword only when a stored one is to be removed. */
export function saveRequestOf(draft: ProfileDraft): SaveProfileRequest {
  const profile = profileOf(draft)
  return draft.hasStoredPassword && draft.clearPassword ? { profile, clearPassword: true } : { profile }
}

/** The broker address of a profile as the lists show it, e.g. "mqtts://broker.example:8883" or "ws://h:80/mqtt". */
export function profileUrl(p: ConnectionProfile): string {
  const path = p.transport === 'ws' || p.transport === 'wss' ? p.wsPath : ''
  const host = p.host.includes(':') ? `[${p.host}]` : p.host
  return `${p.transport}://${host}:${p.port}${path}`
}
