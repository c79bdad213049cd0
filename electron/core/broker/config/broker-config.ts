// The broker's whole configuration as plain data: what `topicscope broker` flags, a mosquitto.conf
// subset, and the app's settings all turn into.
import type { Settings } from '../../../../shared/model/settings'
import type { BrokerLimits } from '../limits'
import type { Durability, PersistenceMode } from '../persistence/session-store'

/** One listening socket. */
export interface ListenerConfig {
  port: number
  /** 127.0.0.1 by default: the broker is private until the user opens it. */
  host: string
  protocol: 'mqtt' | 'websockets'
  /** TLS material as PEM text (already read from the files), or null for plain TCP/WS. */
  tls: null | {
    cert: string
    key: string
    ca: string | null
    /** require_certificate: clients must present a certificate signed by `ca`. */
    requireCertificate: boolean
    /** use_identity_as_username: the certificate's CN becomes the username. */
    useIdentityAsUsername: boolean
  }
  /** Path of the WebSocket endpoint (websockets only). */
  wsPath: string
}

export interface BrokerConfig {
  listeners: ListenerConfig[]
  allowAnonymous: boolean
  /** mosquitto password file contents (path kept for messages and reloads). */
  passwordFile: string | null
  aclFile: string | null
  limits: Partial<BrokerLimits>
  persistence: {
    /** none: memory only; queued: sessions, queues and retained kept, a queued message leaves when written;
     *  acknowledged (the default of a persistent broker): QoS 1/2 messages leave only when acknowledged. */
    mode: PersistenceMode
    /** Folder of broker.sqlite; null: the data folder. */
    location: string | null
    durability: Durability
    /** Refuse to start on a corrupt database instead of moving it aside (--strict-persistence). */
    strict: boolean
  }
  /** -v: one readable line per packet in the log. */
  verbose: boolean
}

export const DEFAULT_MQTT_PORT = 1883
export const DEFAULT_MQTTS_PORT = 8883
export const DEFAULT_WS_PATH = '/mqtt'

/** One plain TCP listener on 127.0.0.1:1883, anonymous allowed (it is private to this machine). */
export function defaultBrokerConfig(): BrokerConfig {
  return {
    listeners: [{ port: DEFAULT_MQTT_PORT, host: '127.0.0.1', protocol: 'mqtt', tls: null, wsPath: DEFAULT_WS_PATH }],
    allowAnonymous: true,
    passwordFile: null,
    aclFile: null,
    limits: {},
    persistence: { mode: 'none', location: null, durability: 'process', strict: false },
    verbose: false,
  }
}

/**
 * The desktop app's and serve's broker from the user's settings: its TCP listener (or a command-line
 * port), anonymous access, limits and persistence. The optional WebSocket and TLS listeners come from
 * optionalListeners, opened once the broker runs, so a bad certificate cannot keep the broker down.
 */
export function brokerConfigFromSettings(settings: Settings['broker'], portOverride: number | null): BrokerConfig {
  const config = defaultBrokerConfig()
  const listener = config.listeners[0]!
  listener.port = portOverride ?? settings.port
  listener.host = bindAddress(settings)
  config.allowAnonymous = settings.allowAnonymous
  config.limits = { ...settings.limits }
  config.persistence = { mode: settings.persistence, location: null, durability: settings.durability, strict: false }
  return config
}

/** Every interface, or this machine only (the default). */
function bindAddress(settings: Settings['broker']): string {
  return settings.exposure === 'network' ? '0.0.0.0' : '127.0.0.1'
}

/**
 * The WebSocket and TLS listeners the settings turn on, with the TLS files read now; a file that cannot
 * be read leaves that listener out, with a sentence saying which file and why.
 */
export function optionalListeners(settings: Settings['broker'], readFile: (path: string) => string): { configs: ListenerConfig[]; problems: string[] } {
  const host = bindAddress(settings)
  const configs: ListenerConfig[] = []
  const problems: string[] = []
  if (settings.websocket.enabled) configs.push({ port: settings.websocket.port, host, protocol: 'websockets', tls: null, wsPath: DEFAULT_WS_PATH })
  if (settings.tls.enabled) {
    const t = settings.tls
    try {
      const read = (path: string, what: string): string => {
        try {
          return readFile(path)
        } catch (err) {
          throw new Error(`Cannot read the TLS ${what} ${path}: ${(err as Error).message}`)
        }
      }
      const tls = {
        cert: read(t.certFile, 'certificate'), key: read(t.keyFile, 'key'), ca: t.caFile.trim() === '' ? null : read(t.caFile, 'CA file'),
        requireCertificate: t.requireCertificate, useIdentityAsUsername: false,
      }
      configs.push({ port: t.port, host, protocol: 'mqtt', tls, wsPath: DEFAULT_WS_PATH })
    } catch (err) {
      problems.push(`The TLS listener is off: ${(err as Error).message}`)
    }
  }
  return { configs, problems }
}
