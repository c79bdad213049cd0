// The UI language and `t` for components. The language is the user's setting, or, for 'system', the
// browser's preferred languages (followed live through the 'languagechange' event).
import { useCallback, useSyncExternalStore } from 'react'
import { resolveLanguage, translate, type Language, type MessageKey, type MessageParams } from '../../shared/i18n/translate'
import { useLanguageSetting } from '../store/settings-store'

/** Translates a key into the current language. */
export type Translate = (key: MessageKey, params?: MessageParams) => string

function subscribeLanguages(onChange: () => void): () => void {
  window.addEventListener('languagechange', onChange)
  return () => window.removeEventListener('languagechange', onChange)
}

// A string, not the array: useSyncExternalStore needs a snapshot that compares equal while nothing changed.
function preferredLanguages(): string {
  const list = navigator.languages.length > 0 ? navigator.languages : [navigator.language]
  return list.join(',')
}

/** The language the UI shows now. */
export function useLanguage(): Language {
  const setting = useLanguageSetting()
  const system = useSystemLanguage()
  return setting === 'system' ? system : setting
}

/** `t(key, params)` for the current language; a new function only when the language changes. */
export function useT(): Translate {
  const lang = useLanguage()
  return useCallback<Translate>((key, params) => translate(lang, key, params), [lang])
}

/** The language 'system' stands for right now (shown next to the "Same as the system" choice). */
export function useSystemLanguage(): Language {
  const preferred = useSyncExternalStore(subscribeLanguages, preferredLanguages)
  return resolveLanguage('system', preferred.split(','))
}
