// The ways a payload can be shown in the message detail: text, JSON (parsed), a hex dump or base64, and
// which of them fits a payload best. Pure; the component renders what these return. Large payloads are
// shown in part only where the caller says so (hex dump lines), never silently.

export type PayloadView = 'text' | 'json' | 'hex' | 'base64'

// Control characters other than tab, line feed and carriage return mark a payload as binary.
const BINARY_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
/** A hex dump line holds this many bytes. */
export const HEX_LINE_BYTES = 16

/** The payload as UTF-8 text, or null when it is not valid UTF-8 or holds control characters. */
export function asText(bytes: Uint8Array, truncated = false): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated })
    return BINARY_CONTROL.test(text) ? null : text
  } catch {
    return null
  }
}

/** The parsed JSON value of a text payload, or undefined when it is not JSON (a cut payload never is). */
export function asJson(text: string | null): { value: unknown } | undefined {
  if (text === null) return undefined
  const trimmed = text.trim()
  // Bare numbers, strings and literals parse as JSON too, but showing "42" as a JSON tree helps no one.
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined
  try {
    return { value: JSON.parse(trimmed) as unknown }
  } catch {
    return undefined
  }
}

/** The views that make sense for a payload, best first: JSON, then text, then hex; base64 always. */
export function availableViews(bytes: Uint8Array, truncated: boolean): PayloadView[] {
  const text = asText(bytes, truncated)
  const views: PayloadView[] = []
  if (!truncated && asJson(text) !== undefined) views.push('json')
  if (text !== null) views.push('text')
  views.push('hex', 'base64')
  return views
}

/** Lines of a classic hex dump: offset, 16 bytes in hex, and the printable ASCII of them. */
export function hexDumpLines(bytes: Uint8Array, maxLines = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = []
  for (let offset = 0; offset < bytes.length && lines.length < maxLines; offset += HEX_LINE_BYTES) {
    const row = bytes.subarray(offset, offset + HEX_LINE_BYTES)
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0'))
    const left = hex.slice(0, 8).join(' ')
    const right = hex.slice(8).join(' ')
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|`)
  }
  return lines
}

/** Base64 of the bytes (chunked, so a 5 MB payload does not overflow the argument list). */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(binary)
}
