// The platform's primary shortcut modifier: ⌘ on Apple systems, Ctrl elsewhere. Reads the page's own
// platform (in web mode the browser may run on another OS than the backend).

const IS_APPLE = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent)

/** True when the event holds the primary modifier alone (no Alt or Shift, which other shortcuts use). */
export function hasPrimaryModifierOnly(event: KeyboardEvent): boolean {
  const primary = IS_APPLE ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
  return primary && !event.altKey && !event.shiftKey
}

/** How the shortcut "primary modifier + key" is written on this platform: "⌘1" or "Ctrl+1". */
export function formatShortcut(key: string): string {
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
