// The main window's options: isolation and sandbox always on, nothing Node-ish reaches the page.
import type { BrowserWindowConstructorOptions } from 'electron'
import { MIN_WINDOW_HEIGHT_PX, MIN_WINDOW_WIDTH_PX, type WindowState } from '../core/settings/window-state'

/** Options for the one BrowserWindow. `state` is the remembered position and size. */
export function buildWindowOptions(state: WindowState, preloadPath: string, darkBackground: boolean): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_WIDTH_PX,
    minHeight: MIN_WINDOW_HEIGHT_PX,
    show: false, // shown on ready-to-show, so no white flash
    title: 'Topicscope',
    backgroundColor: darkBackground ? '#14171f' : '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  }
}

/** A remembered position is used only when it is still on a connected display. */
export function fitsOnSomeDisplay(state: WindowState, displays: ReadonlyArray<{ workArea: { x: number; y: number; width: number; height: number } }>): boolean {
  if (state.x === undefined || state.y === undefined) return true
  const { x, y } = state
  // At least the title bar's top-left 100x40 px must be visible, or the user cannot grab the window.
  return displays.some(({ workArea: a }) => x + 100 > a.x && y + 40 > a.y && x < a.x + a.width - 100 && y < a.y + a.height - 40)
}
