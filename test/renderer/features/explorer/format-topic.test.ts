// Payload previews and sizes: text when the bytes are UTF-8 text, hex otherwise, and a cut never mistaken for binary.
import { describe, expect, it } from 'vitest'
import { describePayload, formatBytes, hostAndPort } from '../../../../renderer/features/explorer/format-topic'

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

describe('describePayload', () => {
  it('decodes UTF-8 text', () => {
    expect(describePayload(utf8('température 21 °C'), 19, false)).toEqual({ kind: 'text', text: 'température 21 °C' })
  })

  it('shows binary bytes as hex, with an ellipsis past the shown bytes', () => {
    expect(describePayload(Uint8Array.of(0x00, 0xff, 0x10), 3, false)).toEqual({ kind: 'hex', text: '00 ff 10' })
    expect(describePayload(new Uint8Array(20), 20, false, 4).text).toBe('00 00 00 00 …')
  })

  it('keeps a cut preview that ends inside a multi-byte character as text', () => {
    const cut = utf8('café').subarray(0, 4) // 'caf' and the first byte of 'é'
    expect(describePayload(cut, 5, true)).toEqual({ kind: 'text', text: 'caf' })
  })

  it('tells an empty payload from no message', () => {
    expect(describePayload(new Uint8Array(0), 0, false).kind).toBe('empty')
    expect(describePayload(null, 0, false).kind).toBe('none')
  })
})

describe('formatBytes', () => {
  it.each([[12, '12 B'], [3_500, '3.4 KB'], [5 * 1024 * 1024, '5.0 MB']])('%d bytes is "%s"', (bytes, text) => {
    expect(formatBytes(bytes, 'en')).toBe(text)
  })
  it.each([[12, '12 o'], [3_500, '3,4 Ko'], [5 * 1024 * 1024, '5,0 Mo']])('in French, %d bytes is "%s" (octets)', (bytes, text) => {
    expect(formatBytes(bytes, 'fr')).toBe(text)
  })
})

describe('hostAndPort', () => {
  it('reads an mqtt:// URL and points a wildcard listener at 127.0.0.1', () => {
    expect(hostAndPort('mqtt://0.0.0.0:18830')).toEqual({ host: '127.0.0.1', port: '18830' })
    expect(hostAndPort('mqtt://broker.lan')).toEqual({ host: 'broker.lan', port: '1883' })
  })
})
