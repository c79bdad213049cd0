// Text for a topic's numbers and payload preview: UTF-8 text when the bytes are text, else the first bytes
// in hex; sizes and rates in the UI language. Pure; never hides a cut preview (the caller shows the size).
import type { Language } from '../../../shared/i18n/translate'

/** Bytes shown as hex in a row when the payload is not text. */
const ROW_HEX_BYTES = 12
/** Bytes shown as hex in the details pane. */
export const DETAILS_HEX_BYTES = 256
const KIB = 1024

export interface PayloadPreview {
  kind: 'text' | 'hex' | 'empty' | 'none'
  text: string
}

// Control characters other than tab, line feed and carriage return mark a payload as binary.
const BINARY_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

/**
 * The preview of a payload. `truncated` previews may end inside a UTF-8 sequence: that tail is held back
 * (streaming decode) instead of making the text look binary.
 */
export function describePayload(bytes: Uint8Array | null, size: number, truncated: boolean, hexBytes = ROW_HEX_BYTES): PayloadPreview {
  if (bytes === null) return { kind: 'none', text: '' }
  if (size === 0) return { kind: 'empty', text: '' }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated })
    if (!BINARY_CONTROL.test(text)) return { kind: 'text', text }
  } catch {
    // Not UTF-8: shown as hex below.
  }
  const hex = Array.from(bytes.subarray(0, hexBytes), (b) => b.toString(16).padStart(2, '0')).join(' ')
  return { kind: 'hex', text: bytes.length > hexBytes ? `${hex} …` : hex }
}

/** One line for a row: line breaks become spaces. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ')

/** French counts bytes in octets. */
const BYTE_UNITS: Record<Language, readonly [string, string, string, string]> = { en: ['B', 'KB', 'MB', 'GB'], fr: ['o', 'Ko', 'Mo', 'Go'] }

/** "12 B", "3.4 KB", "5.0 MB" (in French "12 o", "3,4 Ko", "5,0 Mo"). */
export function formatBytes(bytes: number, lang: Language): string {
  const number = (value: number, digits: number): string =>
    new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)
  const [b, kb, mb, gb] = BYTE_UNITS[lang]
  if (bytes < KIB) return `${number(bytes, 0)} ${b}`
  if (bytes < KIB * KIB) return `${number(bytes / KIB, 1)} ${kb}`
  if (bytes < KIB * KIB * KIB) return `${number(bytes / (KIB * KIB), 1)} ${mb}`
  return `${number(bytes / (KIB * KIB * KIB), 1)} ${gb}`
}

/** A message rate: one decimal below 10/s, whole numbers above. */
export function formatRate(perSec: number, lang: Language): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: perSec < 10 ? 1 : 0 }).format(perSec)
}

export function formatCount(count: number, lang: Language): string {
  return new Intl.NumberFormat(lang).format(count)
}

/** The time of day with seconds, and the date when it is not today. */
export function formatTime(epochMs: number, lang: Language, now: number): string {
  const date = new Date(epochMs)
  const sameDay = new Date(now).toDateString() === date.toDateString()
  return new Intl.DateTimeFormat(lang, sameDay
    ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
    : { dateStyle: 'medium', timeStyle: 'medium' }).format(date)
}

/** Host and port of an mqtt:// URL for a mosquitto_pub example; a wildcard listener becomes 127.0.0.1. */
export function hostAndPort(url: string): { host: string; port: string } | null {
  try {
    const parsed = new URL(url)
    const host = parsed.hostname === '' || parsed.hostname === '0.0.0.0' || parsed.hostname === '[::]' ? '127.0.0.1' : parsed.hostname
    return { host, port: parsed.port === '' ? '1883' : parsed.port }
  } catch {
    return null
  }
}
