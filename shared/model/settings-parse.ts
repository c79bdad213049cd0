// Validation of settings data coming from an untrusted side (the page, or a file on disk).
import { DURABILITIES, PERSISTENCE_MODES, type Durability, type PersistenceMode } from './persistence'
import { BROKER_EXPOSURES, LANGUAGE_SETTINGS, THEME_SETTINGS, type BrokerExposure, type BrokerSettings, type LanguageSetting, type Settings, type SettingsPatch, type ThemeSetting } from './settings'
import { LIMIT_RANGES, type LimitRange } from './broker-limit-ranges'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isTheme = (v: unknown): v is ThemeSetting => (THEME_SETTINGS as readonly unknown[]).includes(v)
const isLanguage = (v: unknown): v is LanguageSetting => (LANGUAGE_SETTINGS as readonly unknown[]).includes(v)
const isExposure = (v: unknown): v is BrokerExposure => (BROKER_EXPOSURES as readonly unknown[]).includes(v)
const isMode = (v: unknown): v is PersistenceMode => (PERSISTENCE_MODES as readonly unknown[]).includes(v)
const isDurability = (v: unknown): v is Durability => (DURABILITIES as readonly unknown[]).includes(v)
const isPort = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535

/** Reads a patch sent by the page; returns a sentence naming the first bad field otherwise. */
export function parseSettingsPatch(raw: unknown): SettingsPatch | string {
  if (!isObject(raw)) return 'Settings changes must be an object.'
  const patch: SettingsPatch = {}
  for (const key of Object.keys(raw)) if (key !== 'appearance' && key !== 'broker') return `Unknown setting "${key}".`
  if (raw.appearance !== undefined) {
    if (!isObject(raw.appearance)) return '"appearance" must be an object.'
    const { theme, language, ...rest } = raw.appearance
    const extra = Object.keys(rest)[0]
    if (extra !== undefined) return `Unknown setting "appearance.${extra}".`
    if (theme !== undefined && !isTheme(theme)) return `Theme must be one of ${THEME_SETTINGS.join(', ')}.`
    if (language !== undefined && !isLanguage(language)) return `Language must be one of ${LANGUAGE_SETTINGS.join(', ')}.`
    patch.appearance = {}
    if (theme !== undefined) patch.appearance.theme = theme
    if (language !== undefined) patch.appearance.language = language
  }
  if (raw.broker !== undefined) {
    const broker = parseBrokerPatch(raw.broker)
    if (typeof broker === 'string') return broker
    patch.broker = broker
  }
  return patch
}

type BrokerPatch = NonNullable<SettingsPatch['broker']>

/** The broker part of a patch; each field is checked on its own (listeners sharing a port: brokerSettingsProblem). */
function parseBrokerPatch(raw: unknown): BrokerPatch | string {
  if (!isObject(raw)) return '"broker" must be an object.'
  const { port, exposure, persistence, durability, allowAnonymous, websocket, tls, limits, ...rest } = raw
  const extra = Object.keys(rest)[0]
  if (extra !== undefined) return `Unknown setting "broker.${extra}".`
  if (port !== undefined && !isPort(port)) return 'The broker port must be a whole number from 1 to 65535.'
  if (exposure !== undefined && !isExposure(exposure)) return `Broker exposure must be one of ${BROKER_EXPOSURES.join(', ')}.`
  if (persistence !== undefined && !isMode(persistence)) return `Persistence must be one of ${PERSISTENCE_MODES.join(', ')}.`
  if (durability !== undefined && !isDurability(durability)) return `Durability must be one of ${DURABILITIES.join(', ')}.`
  if (allowAnonymous !== undefined && typeof allowAnonymous !== 'boolean') return '"broker.allowAnonymous" must be true or false.'
  const patch: BrokerPatch = {}
  if (persistence !== undefined) patch.persistence = persistence
  if (durability !== undefined) patch.durability = durability
  if (port !== undefined) patch.port = port
  if (exposure !== undefined) patch.exposure = exposure
  if (allowAnonymous !== undefined) patch.allowAnonymous = allowAnonymous
  if (websocket !== undefined) {
    const ws = pickFields(websocket, 'broker.websocket', { enabled: isBoolean, port: isPort })
    if (typeof ws === 'string') return ws
    patch.websocket = ws
  }
  if (tls !== undefined) {
    const t = pickFields(tls, 'broker.tls', { enabled: isBoolean, port: isPort, certFile: isPath, keyFile: isPath, caFile: isPath, requireCertificate: isBoolean })
    if (typeof t === 'string') return t
    patch.tls = t
  }
  if (limits !== undefined) {
    const checks = Object.fromEntries(Object.entries(LIMIT_RANGES).map(([name, range]) => [name, (v: unknown) => inRange(v, range)]))
    const l = pickFields(limits, 'broker.limits', { ...checks, queueQos0WhenOffline: isBoolean })
    if (typeof l === 'string') return l
    patch.limits = l
  }
  return patch
}

const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean'
const isPath = (v: unknown): v is string => typeof v === 'string' && v.length <= 4096 && !v.includes('\0')
const inRange = (v: unknown, r: LimitRange): v is number => typeof v === 'number' && Number.isInteger(v) && v >= r.min && v <= r.max

/** Copies the known fields of `raw` that pass their check; names the first unknown or bad one. */
function pickFields<T>(raw: unknown, where: string, checks: Record<string, (v: unknown) => boolean>): Partial<T> | string {
  if (!isObject(raw)) return `"${where}" must be an object.`
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    const check = checks[key]
    if (check === undefined) return `Unknown setting "${where}.${key}".`
    if (!check(value)) {
      const range = (LIMIT_RANGES as Record<string, LimitRange | undefined>)[key]
      return range !== undefined && where === 'broker.limits'
        ? `"${where}.${key}" must be a whole number from ${range.min} to ${range.max}.`
        : `"${where}.${key}" has a wrong value.`
    }
    out[key] = value
  }
  return out as Partial<T>
}

/**
 * What is wrong with a whole broker setting, or null: two listeners on one port, or a TLS listener
 * without its certificate and key (or without a CA while requiring client certificates).
 */
export function brokerSettingsProblem(b: BrokerSettings): BrokerSettingsProblem | null {
  const ports: Array<[string, number]> = [['MQTT', b.port]]
  if (b.websocket.enabled) ports.push(['WebSocket', b.websocket.port])
  if (b.tls.enabled) ports.push(['TLS', b.tls.port])
  for (let i = 0; i < ports.length; i++) {
    for (let j = i + 1; j < ports.length; j++) {
      const [a, pa] = ports[i]!
      const [c, pc] = ports[j]!
      if (pa !== 0 && pa === pc) return { code: 'shared-port', params: { a, b: c, port: String(pa) }, message: `The ${a} and ${c} listeners cannot share port ${pa}.` }
    }
  }
  if (b.tls.enabled && (b.tls.certFile.trim() === '' || b.tls.keyFile.trim() === '')) return { code: 'tls-files', params: {}, message: 'The TLS listener needs a certificate file and a key file.' }
  if (b.tls.enabled && b.tls.requireCertificate && b.tls.caFile.trim() === '') return { code: 'tls-ca', params: {}, message: 'Requiring client certificates needs the CA file that signs them.' }
  return null
}

/** A whole-settings problem: a code and params for the page to translate, and the English sentence. */
export interface BrokerSettingsProblem {
  code: 'shared-port' | 'tls-files' | 'tls-ca'
  params: Record<string, string>
  message: string
}

/** Reads stored settings leniently: a bad or missing field takes its default, the rest is kept. */
export function settingsFromStored(raw: unknown, defaults: Settings): Settings {
  const appearance = isObject(raw) && isObject(raw.appearance) ? raw.appearance : {}
  const broker = isObject(raw) && isObject(raw.broker) ? raw.broker : {}
  return {
    appearance: {
      theme: isTheme(appearance.theme) ? appearance.theme : defaults.appearance.theme,
      language: isLanguage(appearance.language) ? appearance.language : defaults.appearance.language,
    },
    broker: {
      port: isPort(broker.port) ? broker.port : defaults.broker.port,
      exposure: isExposure(broker.exposure) ? broker.exposure : defaults.broker.exposure,
      persistence: isMode(broker.persistence) ? broker.persistence : defaults.broker.persistence,
      durability: isDurability(broker.durability) ? broker.durability : defaults.broker.durability,
      allowAnonymous: isBoolean(broker.allowAnonymous) ? broker.allowAnonymous : defaults.broker.allowAnonymous,
      websocket: { ...defaults.broker.websocket, ...leniently(broker.websocket, { enabled: isBoolean, port: isPort }) },
      tls: { ...defaults.broker.tls, ...leniently(broker.tls, { enabled: isBoolean, port: isPort, certFile: isPath, keyFile: isPath, caFile: isPath, requireCertificate: isBoolean }) },
      limits: {
        ...defaults.broker.limits,
        ...leniently(broker.limits, { ...Object.fromEntries(Object.entries(LIMIT_RANGES).map(([n, r]) => [n, (v: unknown) => inRange(v, r)])), queueQos0WhenOffline: isBoolean }),
      },
    },
  }
}

/** The fields of `raw` that pass their check; the rest are left to their defaults. */
function leniently(raw: unknown, checks: Record<string, (v: unknown) => boolean>): Record<string, unknown> {
  if (!isObject(raw)) return {}
  return Object.fromEntries(Object.entries(raw).filter(([k, v]) => checks[k]?.(v) === true))
}

/** Applies a validated patch. */
export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  return {
    ...settings,
    appearance: { ...settings.appearance, ...patch.appearance },
    broker: {
      ...settings.broker,
      ...patch.broker,
      websocket: { ...settings.broker.websocket, ...patch.broker?.websocket },
      tls: { ...settings.broker.tls, ...patch.broker?.tls },
      limits: { ...settings.broker.limits, ...patch.broker?.limits },
    },
  }
}
