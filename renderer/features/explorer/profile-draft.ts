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
}

/** A fresh, unguessable profile id; getRandomValues also works outside secure contexts (serve on a LAN address). */
export function newProfileId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return `profile-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** The form's state for a new profile (random client id) or for editing a saved one. */
export function createDraft(saved: SavedProfile | null): ProfileDraft {
  const profile = saved?.profile ?? createProfile({ id: newProfileId() })
  return { profile, portText: String(profile.port), password: '', clearPassword: false, hasStoredPassword: saved?.hasPassword ?? false }
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

/** The profile the draft describes (what validateProfile checks); an empty password is null (keep / none). */
export function profileOf(draft: ProfileDraft): ConnectionProfile {
  const { profile } = draft
  return {
    ...profile,
    name: profile.name.trim(),
    host: profile.host.trim(),
    port: parsePort(draft.portText),
    username: profile.username === null || profile.username === '' ? null : profile.username,
    password: draft.password === '' || draft.clearPassword ? null : draft.password,
  }
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
