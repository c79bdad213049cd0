// Ctrl+1..9 (⌘1..9 on macOS; Alt+Shift+1..9 in a browser tab) show the views in VIEW_IDS order; matched by
// physical key so AZERTY works too.
import { useEffect } from 'react'
import { VIEW_IDS } from '../../../shared/model/views'
import { navigationStore } from '../../store/navigation-store'
import { transportStore } from '../../transport/transport-store'
import { digitOf, hasViewModifiers } from '../../ui/keyboard'

export function useViewShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || !hasViewModifiers(event, transportStore.getState().kind)) return
      const digit = digitOf(event)
      const view = digit === null ? undefined : VIEW_IDS[digit - 1]
      if (view === undefined) return
      event.preventDefault()
      navigationStore.getState().navigate(view)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
