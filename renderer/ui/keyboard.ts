// The view shortcuts' modifier. In the desktop app it is the platform's primary one: ⌘ on Apple systems,
// Ctrl elsewhere. In a browser tab Ctrl/⌘+digit (and Alt+digit on Linux) switch tabs before the page sees
// them, so the web UI uses Alt+Shift+digit. Reads the page's own platform (in web mode the browser may run
// on another OS than the backend).

const IS_APPLE = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent)

/** Where the page runs: the desktop app, or a browser tab (serve). */
export type ShortcutHost = 'electron' | 'web'

/** True when the event holds exactly the view shortcuts' modifiers for this host. */
export function hasViewModifiers(event: KeyboardEvent, host: ShortcutHost): boolean {
  if (host === 'web') return event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey
  const primary = IS_APPLE ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
  return primary && !event.altKey && !event.shiftKey
}

/** How a view shortcut is written on this platform and host: "⌘1", "Ctrl+1", "⌥⇧1" or "Alt+Shift+1". */
export function formatViewShortcut(key: string, host: ShortcutHost): string {
  if (host === 'web') return IS_APPLE ? `⌥⇧${key}` : `Alt+Shift+${key}`
  return IS_APPLE ? `⌘${key}` : `Ctrl+${key}`
}

/**
 * The digit 1–9 of a key press, by physical key: on a French AZERTY keyboard the top row types
 * "&é\"'(-è_ç" without Shift, so `event.key` alone would miss Ctrl+1..9 there.
 */
export function digitOf(event: KeyboardEvent): number | null {
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code) ?? /^([1-9])$/.exec(event.key)
  return match?.[1] === undefined ? null : Number(match[1])
}
