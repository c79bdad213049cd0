// User-facing settings shared by the backend (which stores them) and the renderer (which edits them).

/** 'system' follows the OS colour scheme. */
export type ThemeSetting = 'system' | 'light' | 'dark'
/** 'system' follows the OS or browser language, falling back to English. */
export type LanguageSetting = 'system' | 'en' | 'fr'

import type { Durability, PersistenceMode } from './persistence'

/** 'local' listens on 127.0.0.1 (this machine only); 'network' on every interface. */
export type BrokerExposure = 'local' | 'network'

export const THEME_SETTINGS: readonly ThemeSetting[] = ['system', 'light', 'dark']
export const BROKER_EXPOSURES: readonly BrokerExposure[] = ['local', 'network']
export const LANGUAGE_SETTINGS: readonly LanguageSetting[] = ['system', 'en', 'fr']

/** The embedded broker's optional MQTT-over-WebSocket listener (path /mqtt). */
export interface WebSocketListenerSetting {
  enabled: boolean
  port: number
}

/** The embedded broker's optional MQTT-over-TLS listener; PEM files are read when it starts. */
export interface TlsListenerSetting {
  enabled: boolean
  port: number
  certFile: string
  keyFile: string
  /** CA that signs client certificates; required with requireCertificate. */
  caFile: string
  requireCertificate: boolean
}

/** The limits a user may change in the console (the broker has more; see electron/core/broker/limits.ts). */
export interface BrokerLimitSettings {
  maxConnections: number
  /** Outbound QoS 1/2 messages awaiting acknowledgment per 3.1.1 client (v5 clients set their own). */
  maxInflightMessages: number
  maxQueuedMessages: number
  /** 0: no byte limit. */
  maxQueuedBytes: number
  maxPacketBytes: number
  /** 0: the client's keep-alive is accepted. */
  maxKeepAliveSeconds: number
  queueQos0WhenOffline: boolean
}

export interface BrokerSettings {
  /** The TCP listener (port 0 picks a free port, for tests). */
  port: number
  /** Which interfaces every listener binds. */
  exposure: BrokerExposure
  persistence: PersistenceMode
  durability: Durability
  /** Clients without a user name may connect (mosquitto's allow_anonymous). */
  allowAnonymous: boolean
  websocket: WebSocketListenerSetting
  tls: TlsListenerSetting
  limits: BrokerLimitSettings
}

/** The settings the renderer may read and change. */
export interface Settings {
  appearance: { theme: ThemeSetting; language: LanguageSetting }
  broker: BrokerSettings
}

/** A partial change: only the fields present are applied (nested objects too). */
export interface SettingsPatch {
  appearance?: Partial<Settings['appearance']>
  broker?: Partial<Omit<BrokerSettings, 'websocket' | 'tls' | 'limits'>> & {
    websocket?: Partial<WebSocketListenerSetting>
    tls?: Partial<TlsListenerSetting>
    limits?: Partial<BrokerLimitSettings>
  }
}

/** The broker's own defaults (mosquitto's where it has one); a test keeps them equal to DEFAULT_LIMITS. */
export const DEFAULT_BROKER_LIMIT_SETTINGS: BrokerLimitSettings = {
  maxConnections: 10_000,
  maxInflightMessages: 20,
  maxQueuedMessages: 1000,
  maxQueuedBytes: 0,
  maxPacketBytes: 256 * 1024 * 1024,
  maxKeepAliveSeconds: 0,
  queueQos0WhenOffline: false,
}

/** What a fresh install starts with. */
export const DEFAULT_SETTINGS: Settings = {
  appearance: { theme: 'system', language: 'system' },
  broker: {
    port: 1883, exposure: 'local', persistence: 'acknowledged', durability: 'process', allowAnonymous: true,
    websocket: { enabled: false, port: 8080 },
    tls: { enabled: false, port: 8883, certFile: '', keyFile: '', caFile: '', requireCertificate: false },
    limits: DEFAULT_BROKER_LIMIT_SETTINGS,
  },
}
