// Remembers the window's bounds as the user moves and resizes it, saved after a pause and on close.
import type { BrowserWindow } from 'electron'
import type { WindowState } from '../core/settings/window-state'

/** Moves arrive many times a second while dragging; one save after this pause is enough. */
export const WINDOW_STATE_SAVE_DELAY_MS = 500

type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>

/** Calls `save` with the window's state after changes settle, and once more when it closes. */
export function trackWindowState(win: TrackedWindow, save: (state: WindowState) => void): void {
  let timer: NodeJS.Timeout | null = null
  const snapshot = (): WindowState => {
    const b = win.getNormalBounds() // the size to restore to, even while maximized
    return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() }
  }
  const schedule = () => {
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      if (!win.isDestroyed()) save(snapshot())
    }, WINDOW_STATE_SAVE_DELAY_MS)
  }
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event as 'resize', schedule)
  win.on('close', () => {
    if (timer !== null) clearTimeout(timer)
    save(snapshot())
  })
}
