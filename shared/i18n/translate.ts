// The i18n layer shared by the renderer and the Electron main process (native menu labels).
// Pure: no DOM, no Node. The caller resolves the language once and passes it in.
import type { AppErrorCode } from '../model/app-error'
import type { AppWarning } from '../model/app-status'
import type { LanguageSetting } from '../model/settings'
import type { ViewId } from '../model/views'
import { EN, type MessageKey } from './messages-en'
import { FR } from './messages-fr'

export type { MessageKey } from './messages-en'

/** A language the UI is translated into. */
export type Language = 'en' | 'fr'

/** Values for a message's `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>

/** Every catalogue by language; English is the reference. */
export const MESSAGES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en: EN, fr: FR }

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g

/**
 * The message for `key` in `lang`, with each `{name}` replaced by `params[name]`.
 * A placeholder without a value stays visible as `{name}` so the gap shows instead of vanishing.
 */
export function translate(lang: Language, key: MessageKey, params?: MessageParams): string {
  // A key from newer data (a backend warning code this page does not know) shows as itself, never as "undefined".
  const template = MESSAGES[lang][key] ?? EN[key] ?? key
  if (params === undefined) return template
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined
    return value === undefined ? whole : String(value)
  })
}

/** True when `key` is in the catalogue (for keys built from data, such as a warning code from the backend). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(EN, key)
}

/** The placeholder names used by a message template, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return Array.from(template.matchAll(PLACEHOLDER), (m) => m[1] ?? '')
}

/** Keys `X` for which both `X.one` and `X.other` exist: messages with a plural form. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never
}[MessageKey]

const pluralRules: Partial<Record<Language, Intl.PluralRules>> = {}

/** The plural form of `count` in `lang` (French counts 0 and 1 as singular, English only 1). */
export function translateCount(lang: Language, key: PluralKey, count: number, params?: MessageParams): string {
  const rules = (pluralRules[lang] ??= new Intl.PluralRules(lang))
  const form = rules.select(count) === 'one' ? 'one' : 'other'
  return translate(lang, `${key}.${form}`, { count, ...params })
}

/** The message key that explains an AppError code to the user. */
export function errorMessageKey(code: AppErrorCode): MessageKey {
  return `error.${code}`
}

/** The title of a main view, shared by the sidebar and the native Go menu. */
export function viewTitleKey(view: ViewId): MessageKey {
  return `view.${view}.title`
}

/** The message key for a backend warning; its `params` fill the placeholders. */
export function warningMessageKey(code: AppWarning['code']): MessageKey {
  return `warning.${code}`
}

/**
 * The UI language for a setting: an explicit choice wins; 'system' takes the first of the user's preferred
 * languages (BCP 47 tags such as 'fr-CA', most preferred first) that we translate, and English otherwise.
 */
export function resolveLanguage(setting: LanguageSetting, preferred: readonly string[]): Language {
  if (setting !== 'system') return setting
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0]
    if (primary === 'en' || primary === 'fr') return primary
  }
  return 'en'
}
