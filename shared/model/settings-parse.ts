// Validation of settings data coming from an untrusted side (the page, or a file on disk).
import { LANGUAGE_SETTINGS, THEME_SETTINGS, type LanguageSetting, type Settings, type SettingsPatch, type ThemeSetting } from './settings'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isTheme = (v: unknown): v is ThemeSetting => (THEME_SETTINGS as readonly unknown[]).includes(v)
const isLanguage = (v: unknown): v is LanguageSetting => (LANGUAGE_SETTINGS as readonly unknown[]).includes(v)

/** Reads a patch sent by the page; returns a sentence naming the first bad field otherwise. */
export function parseSettingsPatch(raw: unknown): SettingsPatch | string {
  if (!isObject(raw)) return 'Settings changes must be an object.'
  const patch: SettingsPatch = {}
  for (const key of Object.keys(raw)) if (key !== 'appearance') return `Unknown setting "${key}".`
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
  return patch
}

/** Reads stored settings leniently: a bad or missing field takes its default, the rest is kept. */
export function settingsFromStored(raw: unknown, defaults: Settings): Settings {
  const appearance = isObject(raw) && isObject(raw.appearance) ? raw.appearance : {}
  return {
    appearance: {
      theme: isTheme(appearance.theme) ? appearance.theme : defaults.appearance.theme,
      language: isLanguage(appearance.language) ? appearance.language : defaults.appearance.language,
    },
  }
}

/** Applies a validated patch. */
export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  return { ...settings, appearance: { ...settings.appearance, ...patch.appearance } }
}
