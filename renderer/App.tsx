// The renderer shell: sidebar, notices, the current view in its own error boundary, and the status bar.
// Applies the theme and the page language; shows only the token screen when the backend refused us.
import { useEffect, type ReactElement } from 'react'
import { useStore } from 'zustand'
import { Notices } from './features/shell/Notices'
import { Sidebar } from './features/shell/Sidebar'
import { StatusBar } from './features/shell/StatusBar'
import { UnauthorizedScreen } from './features/shell/UnauthorizedScreen'
import { useViewShortcuts } from './features/shell/use-view-shortcuts'
import { VIEW_REGISTRY, type ViewRegistry } from './features/shell/view-registry'
import { ViewHost } from './features/shell/ViewHost'
import { useLanguage } from './i18n/use-t'
import { useTheme } from './theme/use-theme'
import { transportStore } from './transport/transport-store'

export interface AppProps {
  /** The views to offer; tests pass their own, the app uses VIEW_REGISTRY. */
  views?: ViewRegistry
}

export function App({ views = VIEW_REGISTRY }: AppProps): ReactElement {
  useTheme()
  useViewShortcuts()
  const lang = useLanguage()
  useEffect(() => {
    document.documentElement.lang = lang
  }, [lang])

  const unauthorized = useStore(transportStore, (s) => s.state === 'unauthorized')
  if (unauthorized) return <UnauthorizedScreen />
  return (
    <div className="app">
      <Sidebar views={views} />
      <div className="content">
        <Notices />
        <ViewHost views={views} />
      </div>
      <StatusBar />
    </div>
  )
}
