// The sentences of mosquitto-conf.ts for what it does not accept: mosquitto options Topicscope does not
// support, typo suggestions, PEM checks and OS reasons. Pure text functions; no file access.

/** mosquitto 2.x options outside the supported subset, so they get "not supported" rather than "unknown". */
const MOSQUITTO_ONLY = new Set([
  'accept_protocol_versions', 'allow_duplicate_messages', 'allow_zero_length_clientid', 'auth_plugin',
  'auth_plugin_deny_special_chars', 'auto_id_prefix', 'autosave_interval', 'autosave_on_changes', 'bind_interface',
  'capath', 'check_retain_source', 'ciphers', 'ciphers_tls1.3', 'clientid_prefixes', 'crlfile', 'dhparamfile',
  'enable_control_api', 'global_max_clients', 'global_max_connections', 'global_plugin', 'http_dir', 'log_facility',
  'max_inflight_bytes', 'max_packet_size', 'max_qos', 'maximum_qos', 'memory_limit', 'mount_point', 'persistence_file',
  'persistent_client_expiration', 'pid_file', 'plugin', 'plugin_load', 'psk_file', 'psk_hint', 'retain_available',
  'retain_expiry_interval', 'set_tcp_nodelay', 'socket_domain', 'tls_engine', 'tls_engine_kpass_sha1', 'tls_keyform',
  'tls_version', 'upgrade_outgoing_qos', 'use_subject_as_username', 'use_username_as_clientid', 'user',
  'websockets_headers_size', 'websockets_log_level', 'websockets_origin',
])

/** Bridge options: everything that may follow a `connection` line. */
const BRIDGE_OPTIONS = new Set([
  'address', 'addresses', 'cleansession', 'connection', 'idle_timeout', 'keepalive_interval', 'local_cleansession',
  'local_clientid', 'local_password', 'local_username', 'notification_topic', 'notifications', 'notifications_local_only',
  'remote_clientid', 'remote_password', 'remote_username', 'restart_timeout', 'round_robin', 'start_type', 'threshold',
  'topic', 'try_private',
])

const HINTS: Record<string, string> = {
  bind_address: "bind_address is not supported: use 'listener <port> <address>' instead",
  plugin: 'plugins are not supported',
  auth_plugin: 'plugins are not supported',
  global_plugin: 'plugins are not supported',
  plugin_load: 'plugins are not supported',
}

/** A sentence for a mosquitto option outside the subset, or null when mosquitto does not know it either. */
export function describeUnsupported(directive: string): string | null {
  if (Object.hasOwn(HINTS, directive)) return HINTS[directive]!
  if (BRIDGE_OPTIONS.has(directive) || directive.startsWith('bridge_')) return `${directive} is a bridge option: bridges are not supported`
  if (/^(plugin_opt|auth_opt)_/.test(directive)) return `${directive} configures a plugin: plugins are not supported`
  if (MOSQUITTO_ONLY.has(directive)) return `${directive} is a mosquitto option that Topicscope does not support; remove the line`
  return null
}

/** The known directive closest to a typo (at most 2 edits away), or null. */
export function nearestDirective(typo: string, known: readonly string[]): string | null {
  let best: string | null = null
  let bestDistance = 3
  for (const name of known) {
    const d = editDistance(typo, name)
    if (d < bestDistance) [best, bestDistance] = [name, d]
  }
  return best
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = row
  }
  return previous[b.length]!
}

/** null when the text holds a PEM certificate, else what is wrong (completes "certfile '<path>' …"). */
export function checkPemCertificate(text: string): string | null {
  return text.includes('-----BEGIN CERTIFICATE-----') ? null : "is not a PEM certificate (no '-----BEGIN CERTIFICATE-----' line)"
}

/** null when the text holds an unencrypted PEM private key, else what is wrong. */
export function checkPemKey(text: string): string | null {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text)) {
    return 'is encrypted and Topicscope cannot ask for its passphrase: decrypt it first (openssl pkey -in key.pem -out plain.pem)'
  }
  return /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/.test(text) ? null : "is not a PEM private key (no '-----BEGIN PRIVATE KEY-----' line)"
}

/** "no such file or directory (ENOENT)" from a Node fs error; the message as is for anything else. */
export function osReason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null
  const message = typeof e?.message === 'string' ? e.message : String(err)
  if (typeof e?.code !== 'string') return message
  const reason = message.startsWith(`${e.code}: `) ? message.slice(e.code.length + 2).split(',')[0]! : message
  return `${reason} (${e.code})`
}
