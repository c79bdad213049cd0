// The broker settings form as the user types it (numbers as text) and its reading back into settings,
// with what is wrong per field; whole-settings problems (two listeners on one port) come from
// brokerSettingsProblem, the check the backend runs too.
import { LIMIT_RANGES, type LimitRange } from '../../../../shared/model/broker-limit-ranges'
import type { BrokerLimitSettings, BrokerSettings } from '../../../../shared/model/settings'

export type NumericLimit = keyof typeof LIMIT_RANGES
export const NUMERIC_LIMITS = Object.keys(LIMIT_RANGES) as NumericLimit[]

const PORT_RANGE: LimitRange = { min: 1, max: 65_535 }

export interface BrokerSettingsForm {
  settings: BrokerSettings
  /** The text of each number field, by its path: "port", "websocket.port", "tls.port", "limits.<name>". */
  numbers: Record<string, string>
}

export function formFromSettings(settings: BrokerSettings): BrokerSettingsForm {
  const numbers: Record<string, string> = {
    port: String(settings.port),
    'websocket.port': String(settings.websocket.port),
    'tls.port': String(settings.tls.port),
  }
  for (const name of NUMERIC_LIMITS) numbers[`limits.${name}`] = String(settings.limits[name])
  return { settings, numbers }
}

/** The range a number field takes. */
export function rangeOf(path: string): LimitRange {
  return path.startsWith('limits.') ? LIMIT_RANGES[path.slice('limits.'.length) as NumericLimit] : PORT_RANGE
}

/** The settings the form describes, or the fields whose text is not a whole number in range. */
export function readForm(form: BrokerSettingsForm): { settings: BrokerSettings | null; invalid: Set<string> } {
  const invalid = new Set<string>()
  const value = (path: string): number => {
    const text = (form.numbers[path] ?? '').trim()
    const n = Number(text)
    const range = rangeOf(path)
    if (!/^\d+$/.test(text) || n < range.min || n > range.max) invalid.add(path)
    return n
  }
  const s = form.settings
  const limits = { ...s.limits } as BrokerLimitSettings
  for (const name of NUMERIC_LIMITS) limits[name] = value(`limits.${name}`)
  const settings: BrokerSettings = {
    ...s,
    port: value('port'),
    websocket: { ...s.websocket, port: s.websocket.enabled ? value('websocket.port') : s.websocket.port },
    tls: { ...s.tls, port: s.tls.enabled ? value('tls.port') : s.tls.port },
    limits,
  }
  return { settings: invalid.size === 0 ? settings : null, invalid }
}
