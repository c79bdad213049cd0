// Bridges from the embedded broker to remote brokers: their settings (topic rules written as mosquitto's
// bridge `topic` lines), what the console shows of each (state, queue, counters), and the checks applied
// to what the page sends.
import { checkTopicFilter } from '../mqtt/topic'

export type BridgeDirection = 'in' | 'out' | 'both'

/** One `topic` line: `topic <pattern> [[[out|in|both] <qos>] <local-prefix> <remote-prefix>]`. */
export interface BridgeTopicRule {
  /** A filter; "" maps the prefixes as whole topics (mosquitto's topic remapping). */
  pattern: string
  direction: BridgeDirection
  qos: 0 | 1 | 2
  localPrefix: string
  remotePrefix: string
}

export interface BridgeConfig {
  id: string
  name: string
  enabled: boolean
  /** mqtt://, mqtts://, ws:// or wss:// with host and port. */
  url: string
  protocolVersion: 4 | 5
  /** The client id on the remote broker. */
  clientId: string
  /** A clean remote session, or a persistent one the remote keeps (and queues for) while the bridge is away. */
  cleanSession: boolean
  username: string | null
  password: string | null
  /** PEM file of the CA that signs the remote's certificate (mqtts/wss); empty: the system's CAs. */
  caFile: string
  /** Refuse a remote certificate that does not verify (off only for a test broker with a self-signed one). */
  verifyCertificate: boolean
  /** The rules, one mosquitto `topic` line each. */
  topics: BridgeTopicRule[]
}

/** What the page sends to save a bridge; `password` undefined keeps the stored one. */
export type BridgeSave = Omit<BridgeConfig, 'password'> & { password?: string | null }

export type BridgeState = 'stopped' | 'connecting' | 'connected' | 'waiting'

export interface BridgeStatus {
  state: BridgeState
  /** Why the last attempt or connection failed, in English. */
  lastError: string | null
  /** When the state last changed. */
  since: number
  /** When the next attempt is due (state 'waiting'). */
  retryAt: number | null
  /** Messages waiting on the embedded broker for the remote (the bridge's session there), and at most how many. */
  queued: number
  queuedMax: number
  /** Messages forwarded to the remote and received from it, reconnects, and messages dropped from its queue. */
  sent: number
  received: number
  reconnects: number
  dropped: number
}

/** A bridge as the console lists it: the password never leaves the backend. */
export interface BridgeView {
  config: Omit<BridgeConfig, 'password'> & { hasPassword: boolean }
  status: BridgeStatus
}

const DIRECTIONS: readonly BridgeDirection[] = ['in', 'out', 'both']

/** Reads one `topic` line the way mosquitto does (words split on spaces; `""` is an empty word). */
export function parseBridgeTopicLine(line: string): BridgeTopicRule | string {
  const words = line.trim().split(/\s+/).map((w) => (w === '""' ? '' : w))
  if (words[0] === 'topic') words.shift()
  if (words.length === 0 || (words.length === 1 && words[0] === '' && line.trim() === '')) return 'A topic line needs a pattern.'
  if (words.length > 5) return 'Too many words: topic <pattern> [[[out|in|both] <qos>] <local-prefix> <remote-prefix>].'
  const [pattern = '', direction = 'out', qosText = '0', localPrefix = '', remotePrefix = ''] = words
  if (!(DIRECTIONS as readonly string[]).includes(direction)) return `"${direction}" is not a direction: use out, in or both.`
  if (qosText !== '0' && qosText !== '1' && qosText !== '2') return `"${qosText}" is not a QoS: use 0, 1 or 2.`
  if (words.length === 4) return 'A local prefix needs a remote prefix after it (write "" for none).'
  if (pattern === '' && localPrefix === '' && remotePrefix === '') return 'An empty pattern needs the local and remote topics as prefixes.'
  for (const prefix of [localPrefix, remotePrefix]) {
    if (/[+#]/.test(prefix)) return `A prefix cannot hold a wildcard: ${prefix}`
  }
  const local = localPrefix + pattern
  const remote = remotePrefix + pattern
  for (const filter of [local, remote]) {
    const problem = checkTopicFilter(filter)
    if (problem !== null) return `${filter}: ${problem}`
  }
  return { pattern, direction: direction as BridgeDirection, qos: Number(qosText) as 0 | 1 | 2, localPrefix, remotePrefix }
}

/** Parses topic lines (blank lines and `#` comments skipped), naming each bad line by its number. */
export function parseBridgeTopicLines(text: string): { rules: BridgeTopicRule[]; problems: string[] } {
  const rules: BridgeTopicRule[] = []
  const problems: string[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const rule = parseBridgeTopicLine(line)
    if (typeof rule === 'string') problems.push(`Line ${i + 1}: ${rule}`)
    else rules.push(rule)
  })
  return { rules, problems }
}

/** A rule back as the line it reads as. */
export function formatBridgeTopicLine(rule: BridgeTopicRule): string {
  const word = (w: string) => (w === '' ? '""' : w)
  const base = `topic ${word(rule.pattern)} ${rule.direction} ${rule.qos}`
  return rule.localPrefix === '' && rule.remotePrefix === '' ? base : `${base} ${word(rule.localPrefix)} ${word(rule.remotePrefix)}`
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
/** scheme://host[:port][/path]; an IPv6 host in brackets. */
const BROKER_URL = /^(?:mqtts?|wss?):\/\/(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?(\/\S*)?$/

/** Checks a bridge the page wants saved; returns a sentence naming the first problem otherwise. */
export function parseBridgeSave(raw: unknown): BridgeSave | string {
  if (!isObject(raw)) return 'A bridge must be an object.'
  const r = raw as Partial<BridgeSave>
  if (typeof r.id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(r.id)) return 'A bridge id is 1 to 64 letters, digits, "-" or "_".'
  if (typeof r.name !== 'string' || r.name.trim() === '' || r.name.length > 200) return 'A bridge needs a name.'
  if (typeof r.enabled !== 'boolean' || typeof r.cleanSession !== 'boolean' || typeof r.verifyCertificate !== 'boolean') return 'enabled, cleanSession and verifyCertificate must be true or false.'
  if (typeof r.url !== 'string') return 'A bridge needs the remote broker’s URL.'
  const url = BROKER_URL.exec(r.url.trim())
  if (url === null) return `"${r.url}" is not a broker URL: write mqtt://host:1883 (or mqtts://, ws://, wss://).`
  if (url[1] !== undefined && Number(url[1]) > 65_535) return `Port ${url[1]} is out of range.`
  if (r.protocolVersion !== 4 && r.protocolVersion !== 5) return 'protocolVersion must be 4 (MQTT 3.1.1) or 5.'
  if (typeof r.clientId !== 'string' || r.clientId === '' || r.clientId.length > 256) return 'A bridge needs a client id for the remote broker.'
  if (r.username !== null && typeof r.username !== 'string') return 'username must be a string or null.'
  if (r.password !== undefined && r.password !== null && typeof r.password !== 'string') return 'password must be a string, null or left out.'
  if (typeof r.caFile !== 'string') return 'caFile must be a string (empty for none).'
  if (!Array.isArray(r.topics) || r.topics.length === 0) return 'A bridge needs at least one topic line.'
  if (r.topics.length > 100) return 'A bridge takes at most 100 topic lines.'
  const topics: BridgeTopicRule[] = []
  for (const t of r.topics) {
    const fields = t as unknown as Record<string, unknown>
    const wellTyped = isObject(t) && ['pattern', 'localPrefix', 'remotePrefix', 'direction'].every((k) => typeof fields[k] === 'string' && !/\s/.test(fields[k] as string))
    const rule = wellTyped ? parseBridgeTopicLine(formatBridgeTopicLine(t as unknown as BridgeTopicRule)) : 'A topic rule needs a pattern, a direction and prefixes, without spaces.'
    if (typeof rule === 'string') return rule
    topics.push(rule)
  }
  const save: BridgeSave = {
    id: r.id, name: r.name.trim(), enabled: r.enabled, url: r.url.trim(), protocolVersion: r.protocolVersion, clientId: r.clientId,
    cleanSession: r.cleanSession, username: r.username === '' ? null : r.username ?? null, caFile: r.caFile, verifyCertificate: r.verifyCertificate, topics,
  }
  if (r.password !== undefined) save.password = r.password === '' ? null : r.password
  return save
}
