// The app's main views. Later capabilities add theirs here; the shell and the native menu read this list.

/** Identifies a main view. */
export type ViewId = 'explorer' | 'broker' | 'lab' | 'about' | 'settings'

/** Every view in navigation order; Ctrl/Cmd+1..9 follow this order. */
export const VIEW_IDS: readonly ViewId[] = ['explorer', 'broker', 'lab', 'about', 'settings']

/** True when `value` names a view. */
export function isViewId(value: unknown): value is ViewId {
  return typeof value === 'string' && (VIEW_IDS as readonly string[]).includes(value)
}
