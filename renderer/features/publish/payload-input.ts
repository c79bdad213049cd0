// The publish form's payload editor as data: the text the user typed, read in the chosen format (text,
// JSON, hex or base64), becomes the bytes to send, or a reason (a message key) why it cannot.
import type { MessageKey } from '../../../shared/i18n/translate'

export type PayloadFormat = 'text' | 'json' | 'hex' | 'base64'

export type PayloadInput =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; key: MessageKey; params?: Record<string, string | number> }

const encoder = new TextEncoder()

/** Reads `text` in `format`. JSON is sent as typed (its spacing kept) once it parses. */
export function readPayload(format: PayloadFormat, text: string): PayloadInput {
  switch (format) {
    case 'text':
      return { ok: true, bytes: encoder.encode(text) }
    case 'json':
      try {
        JSON.parse(text)
        return { ok: true, bytes: encoder.encode(text) }
      } catch (err) {
        return { ok: false, key: 'publish.payload.badJson', params: { reason: (err as Error).message } }
      }
    case 'hex': {
      // Spaces, line breaks, colons and a 0x prefix are for people; the bytes are the digits.
      const digits = text.replace(/0x/gi, '').replace(/[\s:]/g, '')
      const bad = /[^0-9a-f]/i.exec(digits)
      if (bad !== null) return { ok: false, key: 'publish.payload.badHexChar', params: { char: bad[0] } }
      if (digits.length % 2 !== 0) return { ok: false, key: 'publish.payload.oddHex' }
      const bytes = new Uint8Array(digits.length / 2)
      for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16)
      return { ok: true, bytes }
    }
    case 'base64': {
      const compact = text.replace(/\s/g, '')
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return { ok: false, key: 'publish.payload.badBase64' }
      const binary = atob(compact)
      return { ok: true, bytes: Uint8Array.from(binary, (c) => c.charCodeAt(0)) }
    }
  }
}

/** Pretty-prints a JSON text (the editor's "Format" button); unchanged when it does not parse. */
export function formatJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}
