// Reads the common subset of mosquitto.conf, with mosquitto 2.x meanings, into a BrokerConfig. Pure:
// files are read only through opts.readFile and nothing is started. Whatever it does not understand
// is an error naming the line, never silently skipped.
import { resolve } from 'node:path'
import type { BrokerLimits } from '../limits'
import { DEFAULT_WS_PATH, defaultBrokerConfig, type BrokerConfig, type ListenerConfig } from './broker-config'
import { checkPemCertificate, checkPemKey, describeUnsupported, nearestDirective, osReason } from './mosquitto-conf-checks'

/** One problem in the file. `message` is ready to print: "mosquitto.conf line 7: unknown directive 'listner'". */
export interface ConfError {
  /** 1-based line number; 0 for a problem of the file as a whole. */
  line: number
  message: string
}

/** Where the file's name and relative paths come from, and how files it names are read. */
export interface MosquittoConfOptions {
  /** Named in every message, e.g. "mosquitto.conf". */
  fileName: string
  /** Relative paths in the file are resolved against this folder (normally the file's own). */
  baseDir: string
  /** Reads a UTF-8 file or throws a Node error, whose code and reason end up in the message. */
  readFile(path: string): string
}

/** The parsed configuration with every error and warning; `errors` empty means it can be started. */
export interface MosquittoConfResult {
  /** Best effort even when `errors` is not empty; do not start a broker from it then. */
  config: BrokerConfig
  errors: ConfError[]
  warnings: ConfError[]
  /** False when the file has no `listener` or `port` line: mosquitto 2's "local only" mode (127.0.0.1:1883). */
  definesListeners: boolean
  /** True when the file has a `persistence` line (otherwise the caller's default mode applies). */
  setsPersistence: boolean
}

/** "No limit" for the BrokerLimits fields whose mosquitto option accepts 0 or -1 for that; JSON-safe, unlike Infinity. */
export const UNLIMITED = Number.MAX_SAFE_INTEGER

/**
 * message_size_limit counts PUBLISH payload bytes (mosquitto); maxPacketBytes counts the whole packet. The
 * limit becomes maxPacketBytes = message_size_limit + this much room for the fixed header, topic name,
 * packet identifier and properties of a typical PUBLISH. So a payload a little over the limit may pass, a
 * packet whose topic and properties exceed 1 KiB may be refused below it, and the limit also applies to
 * CONNECT and SUBSCRIBE packets, which mosquitto does not limit with this option.
 */
export const MESSAGE_SIZE_HEADROOM_BYTES = 1024
const MQTT_MAX_PAYLOAD_BYTES = 268_435_455 // largest Remaining Length (MQTT 5.0 §1.5.5); mosquitto's MQTT_MAX_PAYLOAD
const MQTT_MAX_PACKET_BYTES = MQTT_MAX_PAYLOAD_BYTES + 5 // plus the fixed header
const MAX_PACKET_IDS = 65_535 // max_inflight_messages 0 means "no maximum": 16-bit packet identifiers cap it anyway
const MAX_TIMER_SECONDS = 2_147_483 // setTimeout fires at once beyond 2^31-1 ms
const MAX_PORT = 65_535

/** Logging options: the broker logs to the console (`-v` for every packet), so these are read and ignored. */
const IGNORED_LOG_OPTIONS = new Set(['log_type', 'log_dest', 'connection_messages', 'log_timestamp', 'log_timestamp_format'])

interface FileValue { path: string; text: string; line: number }
interface Flag { value: boolean; line: number }

/** A listener while its lines are read; TLS options are checked once the whole block is known. */
interface ListenerDraft {
  listener: ListenerConfig
  line: number
  certfile: FileValue | null
  keyfile: FileValue | null
  cafile: FileValue | null
  requireCertificate: Flag | null
  useIdentityAsUsername: Flag | null
  maxConnections: { value: number; line: number } | null
  /** A TLS file could not be used: that error is enough, so the block's consistency is not checked. */
  tlsFileFailed: boolean
}

interface Line {
  n: number
  directive: string
  /** Whitespace-separated values, up to a token that starts a '#' comment. */
  args: string[]
  /** Everything after the directive, for paths (which may contain spaces, as in mosquitto). */
  rest: string
}

/**
 * Parses mosquitto.conf text. Global options (allow_anonymous, password_file, limits…) apply to the whole
 * broker, as with mosquitto's default `per_listener_settings false`; listener options apply to the last
 * `listener` (or legacy `port`) line above them.
 */
export function parseMosquittoConf(text: string, opts: MosquittoConfOptions): MosquittoConfResult {
  let setsPersistence = false
  const errors: ConfError[] = []
  const warnings: ConfError[] = []
  const at = (line: number, message: string): ConfError => ({ line, message: `${opts.fileName}${line > 0 ? ` line ${line}` : ''}: ${message}` })
  const fail = (line: number, message: string): undefined => void errors.push(at(line, message))
  const warn = (line: number, message: string): void => void warnings.push(at(line, message))

  const config = defaultBrokerConfig()
  const limits: Partial<BrokerLimits> = {}
  const drafts: ListenerDraft[] = []
  let current: ListenerDraft | null = null
  let defaultListener: ListenerDraft | null = null
  let allowAnonymous = null as Flag | null // "as": assigned inside handlers, which narrowing does not see

  const single = (l: Line, what: string): string | undefined => {
    if (l.args.length === 0) return fail(l.n, `${l.directive} needs ${what}`)
    if (l.args.length > 1) return fail(l.n, `${l.directive} takes one value, got '${l.args.join(' ')}'`)
    return l.args[0]
  }
  const bool = (l: Line): boolean | undefined => {
    const v = single(l, 'true or false')
    if (v === 'true' || v === 'false') return v === 'true'
    return v === undefined ? undefined : fail(l.n, `${l.directive} needs true or false, got '${v}'`)
  }
  const whole = (l: Line, min: number, max: number): number | undefined => {
    const v = single(l, 'a whole number')
    if (v === undefined) return undefined
    if (!/^-?\d+$/.test(v)) return fail(l.n, `${l.directive} needs a whole number, got '${v}'`)
    const n = Number(v)
    return n >= min && n <= max ? n : fail(l.n, `${l.directive} must be from ${min} to ${max}, got ${v}`)
  }
  const path = (l: Line): string | undefined => (l.rest === '' ? fail(l.n, `${l.directive} needs a path`) : resolve(opts.baseDir, l.rest))
  const readText = (l: Line): FileValue | undefined => {
    const p = path(l)
    if (p === undefined) return undefined
    try {
      return { path: p, text: opts.readFile(p), line: l.n }
    } catch (err) {
      return fail(l.n, `cannot read ${l.directive} '${p}': ${osReason(err)}`)
    }
  }
  const needListener = (l: Line): ListenerDraft | undefined =>
    current ?? fail(l.n, `${l.directive} sets an option of a listener: put it after a 'listener <port>' line`)
  const addListener = (l: Line, port: number, host: string): ListenerDraft => {
    const listener: ListenerConfig = { port, host, protocol: 'mqtt', tls: null, wsPath: DEFAULT_WS_PATH }
    const draft: ListenerDraft = { listener, line: l.n, certfile: null, keyfile: null, cafile: null, requireCertificate: null, useIdentityAsUsername: null, maxConnections: null, tlsFileFailed: false }
    drafts.push(draft)
    return draft
  }
  const checkUnique = (l: Line, self: ListenerDraft | null, port: number, host: string): boolean => {
    const other = drafts.find((d) => d !== self && port !== 0 && d.listener.port === port && d.listener.host === host)
    if (other !== undefined) fail(l.n, `a listener on port ${port} (${host}) is already defined on line ${other.line}`)
    return other === undefined
  }
  const tlsFile = (l: Line, key: 'certfile' | 'keyfile' | 'cafile'): void => {
    const draft = needListener(l)
    if (draft === undefined) return
    const file = readText(l)
    const problem = file === undefined ? null : key === 'keyfile' ? checkPemKey(file.text) : checkPemCertificate(file.text)
    if (file !== undefined && problem !== null) fail(l.n, `${key} '${file.path}' ${problem}`)
    if (file === undefined || problem !== null) draft.tlsFileFailed = true
    else draft[key] = file
  }
  const listenerFlag = (l: Line, key: 'requireCertificate' | 'useIdentityAsUsername'): void => {
    const draft = needListener(l)
    const value = draft && bool(l)
    if (draft !== undefined && value !== undefined) draft[key] = { value, line: l.n }
  }

  const handlers: Record<string, (l: Line) => void> = {
    listener: (l) => {
      if (l.args.length === 0 || l.args.length > 2) return void fail(l.n, `listener needs a port and an optional bind address, got '${l.args.join(' ')}'`)
      const [portText, host = '0.0.0.0'] = l.args as [string, string?]
      const port = /^\d+$/.test(portText) ? Number(portText) : NaN
      if (!(port <= MAX_PORT)) return void fail(l.n, `listener needs a port from 0 to ${MAX_PORT}, got '${portText}'`)
      if (host.startsWith('/')) return void fail(l.n, `listener '${host}': Unix sockets are not supported`)
      if (checkUnique(l, null, port, host)) current = addListener(l, port, host)
    },
    port: (l) => {
      const port = whole(l, 0, MAX_PORT)
      if (port === undefined) return
      if (defaultListener !== null) warn(l.n, `port is given more than once (also on line ${defaultListener.line}); ${port} is used`)
      if (!checkUnique(l, defaultListener, port, '0.0.0.0')) return
      defaultListener ??= addListener(l, port, '0.0.0.0')
      defaultListener.listener.port = port
      current = defaultListener
    },
    protocol: (l) => {
      const draft = needListener(l)
      const v = draft && single(l, 'mqtt or websockets')
      if (draft === undefined || v === undefined) return
      if (v === 'mqtt' || v === 'websockets') draft.listener.protocol = v
      else fail(l.n, `protocol needs mqtt or websockets, got '${v}'`)
    },
    certfile: (l) => tlsFile(l, 'certfile'),
    keyfile: (l) => tlsFile(l, 'keyfile'),
    cafile: (l) => tlsFile(l, 'cafile'),
    require_certificate: (l) => listenerFlag(l, 'requireCertificate'),
    use_identity_as_username: (l) => listenerFlag(l, 'useIdentityAsUsername'),
    allow_anonymous: (l) => {
      const v = bool(l)
      if (v !== undefined) allowAnonymous = { value: v, line: l.n }
    },
    password_file: (l) => {
      const file = readText(l)
      if (file !== undefined) config.passwordFile = file.path
    },
    acl_file: (l) => {
      const file = readText(l)
      if (file !== undefined) config.aclFile = file.path
    },
    max_inflight_messages: (l) => setLimit('maxInflightMessages', whole(l, 0, MAX_PACKET_IDS), (n) => (n === 0 ? MAX_PACKET_IDS : n)),
    max_queued_messages: (l) => setLimit('maxQueuedMessages', whole(l, 0, UNLIMITED), (n) => (n === 0 ? UNLIMITED : n)),
    max_queued_bytes: (l) => setLimit('maxQueuedBytes', whole(l, 0, UNLIMITED)),
    queue_qos0_messages: (l) => setLimit('queueQos0WhenOffline', bool(l)),
    message_size_limit: (l) => {
      const n = whole(l, 0, MQTT_MAX_PAYLOAD_BYTES)
      if (n === 0) delete limits.maxPacketBytes // 0: no limit beyond the protocol's
      else setLimit('maxPacketBytes', n, (v) => Math.min(v + MESSAGE_SIZE_HEADROOM_BYTES, MQTT_MAX_PACKET_BYTES))
    },
    max_connections: (l) => {
      const n = whole(l, -1, UNLIMITED)
      if (n === 0) return void fail(l.n, 'max_connections needs -1 (no limit) or at least 1, got 0')
      if (n === undefined) return
      if (current !== null) current.maxConnections = { value: n, line: l.n }
      setLimit('maxConnections', n, (v) => (v === -1 ? UNLIMITED : v))
    },
    max_keepalive: (l) => setLimit('maxKeepAliveSeconds', whole(l, 0, 65_535)),
    sys_interval: (l) => setLimit('sysIntervalMs', whole(l, 0, MAX_TIMER_SECONDS), (s) => s * 1000),
    persistence: (l) => {
      const v = bool(l)
      // mosquitto's persistence keeps what was queued; ours with acknowledgment is the safe equivalent.
      if (v !== undefined) config.persistence.mode = v ? 'acknowledged' : 'none'
      setsPersistence = true
    },
    persistence_location: (l) => {
      const p = path(l)
      if (p !== undefined) config.persistence.location = p
    },
    per_listener_settings: (l) => {
      if (bool(l) === true) fail(l.n, 'per_listener_settings true is not supported: allow_anonymous, password_file and acl_file apply to every listener')
    },
    include_dir: (l) => void fail(l.n, 'include_dir is not supported: put the settings in this one file'),
  }
  function setLimit<K extends keyof BrokerLimits, V>(key: K, value: V | undefined, map?: (v: V) => BrokerLimits[K]): void {
    if (value !== undefined) limits[key] = map === undefined ? (value as unknown as BrokerLimits[K]) : map(value)
  }

  text.split('\n').forEach((raw, index) => {
    const line = parseLine(raw, index + 1)
    if (line === null) return
    const handler = Object.hasOwn(handlers, line.directive) ? handlers[line.directive] : undefined
    if (handler !== undefined) return handler(line)
    if (IGNORED_LOG_OPTIONS.has(line.directive)) return warn(line.n, `${line.directive} is ignored: Topicscope logs to the console (-v logs every packet)`)
    const unsupported = describeUnsupported(line.directive)
    if (unsupported !== null) return void fail(line.n, unsupported)
    const near = nearestDirective(line.directive, [...Object.keys(handlers), ...IGNORED_LOG_OPTIONS])
    fail(line.n, `unknown directive '${line.directive}'${near === null ? '' : ` (did you mean '${near}'?)`}`)
  })

  for (const draft of drafts) finishTls(draft, fail, warn)
  const connectionLimits = drafts.filter((d) => d.maxConnections !== null).map((d) => d.maxConnections!)
  if (new Set(connectionLimits.map((c) => c.value)).size > 1) {
    warn(connectionLimits.at(-1)!.line, `max_connections applies to the whole broker in Topicscope, not to each listener; ${connectionLimits.at(-1)!.value} is used`)
  }

  const definesListeners = drafts.length > 0
  if (definesListeners) config.listeners = drafts.map((d) => d.listener)
  // mosquitto 2: anonymous clients are allowed by default only in local-only mode (no listener defined).
  config.allowAnonymous = allowAnonymous?.value ?? !definesListeners
  const certificateLogin = config.listeners.some((l) => l.tls?.useIdentityAsUsername === true)
  if (!config.allowAnonymous && config.passwordFile === null && !certificateLogin) {
    warn(allowAnonymous?.line ?? 0, allowAnonymous === null
      ? `no client can connect: allow_anonymous defaults to false when listeners are defined (as in mosquitto 2) and there is no password_file; add 'allow_anonymous true' or a password_file`
      : 'no client can connect: allow_anonymous is false and there is no password_file')
  }
  config.limits = limits
  return { config, errors, warnings, definesListeners, setsPersistence }
}

/** Splits one line; null for blank lines and comments. Trailing whitespace (and a CR) is ignored. */
function parseLine(raw: string, n: number): Line | null {
  const text = raw.trim()
  if (text === '' || text.startsWith('#')) return null
  const directive = text.split(/\s/, 1)[0]!
  const rest = text.slice(directive.length).trim()
  const tokens = rest === '' ? [] : rest.split(/\s+/)
  const comment = tokens.findIndex((t) => t.startsWith('#'))
  return { n, directive, args: comment === -1 ? tokens : tokens.slice(0, comment), rest }
}

/** Checks certfile/keyfile/cafile blocks of one listener once all its lines are read. */
function finishTls(draft: ListenerDraft, fail: (line: number, message: string) => void, warn: (line: number, message: string) => void): void {
  const { certfile, keyfile, cafile, requireCertificate, useIdentityAsUsername } = draft
  if (draft.tlsFileFailed) return
  const where = `the listener of line ${draft.line}`
  if (certfile === null || keyfile === null) {
    if (certfile !== null) fail(certfile.line, `certfile needs a keyfile in ${where}`)
    if (keyfile !== null) fail(keyfile.line, `keyfile needs a certfile in ${where}`)
    if (certfile === null && keyfile === null) {
      if (cafile !== null) fail(cafile.line, `cafile needs certfile and keyfile in ${where}`)
      if (requireCertificate?.value === true) fail(requireCertificate.line, `require_certificate needs certfile, keyfile and cafile in ${where}`)
      if (useIdentityAsUsername?.value === true) fail(useIdentityAsUsername.line, `use_identity_as_username needs certfile, keyfile, cafile and require_certificate true in ${where}`)
    }
    return
  }
  if (requireCertificate?.value === true && cafile === null) {
    fail(requireCertificate.line, `require_certificate true needs a cafile in ${where} to check client certificates against`)
  }
  if (useIdentityAsUsername?.value === true && requireCertificate?.value !== true) {
    warn(useIdentityAsUsername.line, `use_identity_as_username true without require_certificate true: clients without a certificate are refused`)
  }
  const flags = { requireCertificate: requireCertificate?.value ?? false, useIdentityAsUsername: useIdentityAsUsername?.value ?? false }
  draft.listener.tls = { cert: certfile.text, key: keyfile.text, ca: cafile?.text ?? null, ...flags }
}
