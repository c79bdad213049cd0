// Applies the light or dark theme: the user's setting, or the OS colour scheme for 'system' (followed live).
// Writes <html data-theme>, which styles.css keys its colour variables on.
import { useLayoutEffect, useSyncExternalStore } from 'react'
import { useThemeSetting } from '../store/settings-store'

/** A theme the stylesheet defines. */
export type Theme = 'light' | 'dark'

const DARK_QUERY = '(prefers-color-scheme: dark)'

function darkQuery(): MediaQueryList | null {
  return typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null
}

function subscribeScheme(onChange: () => void): () => void {
  const query = darkQuery()
  query?.addEventListener('change', onChange)
  return () => query?.removeEventListener('change', onChange)
}

const osPrefersDark = (): boolean => darkQuery()?.matches ?? false

/** The theme 'system' stands for right now. */
export function useSystemTheme(): Theme {
  return useSyncExternalStore(subscribeScheme, osPrefersDark) ? 'dark' : 'light'
}

/** The theme in effect; keeps `document.documentElement.dataset.theme` in step with it. */
export function useTheme(): Theme {
  const setting = useThemeSetting()
  const system = useSystemTheme()
  const theme: Theme = setting === 'system' ? system : setting
  // Before paint, so the first frame already has the right colours.
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  return theme
}
