import { describe, expect, it } from 'vitest'
import { asJson, asText, availableViews, hexDumpLines, toBase64 } from '../../../../../renderer/features/explorer/message/payload-views'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('payload views', () => {
  it('offers JSON first for an object or array, then text, hex and base64', () => {
    expect(availableViews(bytes('{"state":"ON"}'), false)).toEqual(['json', 'text', 'hex', 'base64'])
    expect(availableViews(bytes('[1,2]'), false)).toEqual(['json', 'text', 'hex', 'base64'])
  })

  it('plain text, a bare JSON number and invalid JSON are text, not JSON', () => {
    expect(availableViews(bytes('21.5'), false)).toEqual(['text', 'hex', 'base64'])
    expect(availableViews(bytes('{"cut": '), false)).toEqual(['text', 'hex', 'base64'])
    expect(availableViews(bytes('hello'), false)).toEqual(['text', 'hex', 'base64'])
  })

  it('a cut payload is never offered as JSON, even when its first part parses', () => {
    expect(availableViews(bytes('{"a":1}'), true)).toEqual(['text', 'hex', 'base64'])
  })

  it('binary and invalid UTF-8 are hex and base64 only', () => {
    expect(availableViews(Uint8Array.of(0, 1, 2, 0xff), false)).toEqual(['hex', 'base64'])
    expect(availableViews(Uint8Array.of(0xc3, 0x28), false)).toEqual(['hex', 'base64'])
    expect(asText(Uint8Array.of(0x68, 0x00))).toBeNull()
  })

  it('a cut payload ending inside a UTF-8 sequence is still text', () => {
    const e = bytes('café')
    expect(asText(e.subarray(0, e.length - 1), true)).toBe('caf')
    expect(asText(e.subarray(0, e.length - 1), false)).toBeNull()
  })

  it('asJson returns the parsed value', () => {
    expect(asJson('{"a":[1,{"b":null}]}')).toEqual({ value: { a: [1, { b: null }] } })
    expect(asJson(null)).toBeUndefined()
  })

  it('hex dump lines show offset, two groups of 8 bytes and the printable ASCII', () => {
    const lines = hexDumpLines(bytes('Hello, MQTT world!\n'))
    expect(lines).toEqual([
      '00000000  48 65 6c 6c 6f 2c 20 4d  51 54 54 20 77 6f 72 6c  |Hello, MQTT worl|',
      '00000010  64 21 0a                                          |d!.|',
    ])
    expect(hexDumpLines(new Uint8Array(100), 2)).toHaveLength(2)
  })

  it('base64 of a large payload matches Node’s', () => {
    const big = new Uint8Array(200_000).map((_, i) => (i * 7) % 256)
    expect(toBase64(big)).toBe(Buffer.from(big).toString('base64'))
  })
})
