// Formats the status bar's values in the UI language: uptime ("2 h 05 min"), memory ("85 MB", "85 Mo")
// and the transport state, including the reconnect countdown.
import type { Language } from '../../../shared/i18n/translate'
import type { TransportStatus } from '../../transport/transport-store'
import type { Translate } from '../../i18n/use-t'

const SECONDS_PER_DAY = 86_400
const SECONDS_PER_HOUR = 3_600
const BYTES_PER_MB = 1024 * 1024
const MB_PER_GB = 1024

const pad2 = (n: number): string => String(n).padStart(2, '0')

/** A duration as its two largest units: "42 s", "3 min 07 s", "2 h 05 min", "3 d 04 h". */
export function formatUptime(ms: number, t: Translate): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const d = Math.floor(total / SECONDS_PER_DAY)
  const h = Math.floor((total % SECONDS_PER_DAY) / SECONDS_PER_HOUR)
  const m = Math.floor((total % SECONDS_PER_HOUR) / 60)
  const s = total % 60
  if (d > 0) return t('duration.days', { d, h: pad2(h) })
  if (h > 0) return t('duration.hours', { h, m: pad2(m) })
  if (m > 0) return t('duration.minutes', { m, s: pad2(s) })
  return t('duration.seconds', { s })
}

/** A byte count in MB (GB from 1 GB on), with the language's own unit and decimal sign. */
export function formatMemory(bytes: number, lang: Language): string {
  const mb = bytes / BYTES_PER_MB
  const format = mb >= MB_PER_GB
    ? new Intl.NumberFormat(lang, { style: 'unit', unit: 'gigabyte', maximumFractionDigits: 1 })
    : new Intl.NumberFormat(lang, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 0 })
  return format.format(mb >= MB_PER_GB ? mb / MB_PER_GB : mb)
}

/** Whole seconds left before `retryAt`, never below 1 while waiting. */
export function secondsUntil(retryAt: number, now: number): number {
  return Math.max(1, Math.ceil((retryAt - now) / 1000))
}

/** The transport state as the status bar words it. */
export function transportLabel(status: Pick<TransportStatus, 'state' | 'retryAt'>, now: number, t: Translate): string {
  switch (status.state) {
    case 'connecting':
      return t('status.transport.connecting')
    case 'open':
      return t('status.transport.open')
    case 'unauthorized':
      return t('status.transport.unauthorized')
    case 'reconnecting':
      return status.retryAt === null
        ? t('status.transport.reconnectingNow')
        : t('status.transport.reconnecting', { seconds: secondsUntil(status.retryAt, now) })
  }
}
