// Where the desktop window was, so it reopens there. Stored beside the settings; unused in web mode.

/** Size and position of the main window, in screen pixels. */
export interface WindowState {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false }
/** Smaller than this and the layout breaks; a stored size below it is raised. */
export const MIN_WINDOW_WIDTH_PX = 720
export const MIN_WINDOW_HEIGHT_PX = 480

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined)

/** Reads a stored window state leniently; anything unusable falls back to the default size. */
export function windowStateFromStored(raw: unknown): WindowState {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_WINDOW_STATE }
  const r = raw as Record<string, unknown>
  const width = Math.max(MIN_WINDOW_WIDTH_PX, int(r.width) ?? DEFAULT_WINDOW_STATE.width)
  const height = Math.max(MIN_WINDOW_HEIGHT_PX, int(r.height) ?? DEFAULT_WINDOW_STATE.height)
  const x = int(r.x)
  const y = int(r.y)
  return { ...(x !== undefined && y !== undefined ? { x, y } : {}), width, height, maximized: r.maximized === true }
}
