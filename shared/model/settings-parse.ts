// Validation of settings data coming from an untrusted side (the page, or a file on disk).
import { DURABILITIES, PERSISTENCE_MODES, type Durability, type PersistenceMode } from './persistence'
import { BROKER_EXPOSURES, LANGUAGE_SETTINGS, THEME_SETTINGS, type BrokerExposure, type LanguageSetting, type Settings, type SettingsPatch, type ThemeSetting } from './settings'

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
    if (!isObject(raw.broker)) return '"broker" must be an object.'
    const { port, exposure, persistence, durability, ...rest } = raw.broker
    const extra = Object.keys(rest)[0]
    if (extra !== undefined) return `Unknown setting "broker.${extra}".`
    if (port !== undefined && !isPort(port)) return 'The broker port must be a whole number from 1 to 65535.'
    if (exposure !== undefined && !isExposure(exposure)) return `Broker exposure must be one of ${BROKER_EXPOSURES.join(', ')}.`
    if (persistence !== undefined && !isMode(persistence)) return `Persistence must be one of ${PERSISTENCE_MODES.join(', ')}.`
    if (durability !== undefined && !isDurability(durability)) return `Durability must be one of ${DURABILITIES.join(', ')}.`
    patch.broker = {}
    if (persistence !== undefined) patch.broker.persistence = persistence
    if (durability !== undefined) patch.broker.durability = durability
    if (port !== undefined) patch.broker.port = port
    if (exposure !== undefined) patch.broker.exposure = exposure
  }
  return patch
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
    },
  }
}

/** Applies a validated patch. */
export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  return {
    ...settings,
    appearance: { ...settings.appearance, ...patch.appearance },
    broker: { ...settings.broker, ...patch.broker },
  }
}
