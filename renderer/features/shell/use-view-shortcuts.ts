// Ctrl+1..9 (⌘1..9 on macOS) show the views in VIEW_IDS order; matched by physical key so AZERTY works too.
import { useEffect } from 'react'
import { VIEW_IDS } from '../../../shared/model/views'
import { navigationStore } from '../../store/navigation-store'
import { digitOf, hasPrimaryModifierOnly } from '../../ui/keyboard'

export function useViewShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || !hasPrimaryModifierOnly(event)) return
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
