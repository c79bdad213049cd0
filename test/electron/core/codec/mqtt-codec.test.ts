// The codec against the shared byte fixtures: decoding (whole, byte by byte, concatenated, split anywhere),
// encoding back, the version carried from CONNECT, every malformed fixture, and the size limit.
import { describe, expect, it } from 'vitest'
import {
  createDecoder, encodePacket, ProtocolError, type Packet, type ProtocolVersion,
} from '../../../../electron/core/codec/mqtt-codec'
import {
  CONNECT_V4, CONNECT_V5, MALFORMED_FIXTURES, PACKET_FIXTURES, PUBACK_V5, PUBLISH_QOS1_V4, PUBLISH_V5, PINGREQ,
  SUBSCRIBE_V5, DISCONNECT_V5, decodedForm, type PacketFixture,
} from '../../../fixtures/packets'

const MAX_PACKET_BYTES = 64 * 1024

interface Outcome { packets: Packet[]; errors: ProtocolError[]; order: string[]; decoder: ReturnType<typeof createDecoder> }

/** Feeds `chunks` to a fresh decoder and records what it emitted, in order. */
function feed(chunks: Buffer[], opts: { protocolVersion?: ProtocolVersion | null; maxPacketBytes?: number } = {}): Outcome {
  const packets: Packet[] = []
  const errors: ProtocolError[] = []
  const order: string[] = []
  const decoder = createDecoder({
    maxPacketBytes: opts.maxPacketBytes ?? MAX_PACKET_BYTES,
    protocolVersion: opts.protocolVersion ?? undefined,
    onPacket: (p) => { packets.push(p); order.push(p.cmd) },
    onError: (e) => { errors.push(e); order.push('error') },
  })
  for (const chunk of chunks) decoder.push(chunk)
  return { packets, errors, order, decoder }
}

const byteByByte = (buf: Buffer): Buffer[] => Array.from(buf, (b) => Buffer.of(b))
/** A CONNECT brings its own version; anything else needs the decoder already in the fixture's version. */
const versionFor = (f: PacketFixture) => (f.packet.cmd === 'connect' ? null : f.protocolVersion)
const v5Fixtures = PACKET_FIXTURES.filter((f) => f.protocolVersion === 5 && f.packet.cmd !== 'connect')
const v4Fixtures = PACKET_FIXTURES.filter((f) => f.protocolVersion === 4 && f.packet.cmd !== 'connect')

describe('decoding valid packets', () => {
  it.each(PACKET_FIXTURES)('$name decodes from one chunk', (f) => {
    const { packets, errors } = feed([f.bytes], { protocolVersion: versionFor(f) })
    expect(errors).toEqual([])
    expect(packets).toEqual([decodedForm(f)])
  })

  it.each(PACKET_FIXTURES)('$name decodes when fed one byte at a time', (f) => {
    const { packets, errors } = feed(byteByByte(f.bytes), { protocolVersion: versionFor(f) })
    expect(errors).toEqual([])
    expect(packets).toEqual([decodedForm(f)])
  })

  it.each([
    { version: 4, connect: CONNECT_V4, rest: v4Fixtures },
    { version: 5, connect: CONNECT_V5, rest: v5Fixtures },
  ])('a v$version CONNECT and every later v$version packet concatenated in one chunk decode in order', ({ connect, rest }) => {
    const all = [connect, ...rest]
    const { packets, errors } = feed([Buffer.concat(all.map((f) => f.bytes))])
    expect(errors).toEqual([])
    expect(packets).toEqual(all.map(decodedForm))
  })

  it('a stream split at every possible offset decodes to the same packets', () => {
    const all = [CONNECT_V5, PUBLISH_V5, SUBSCRIBE_V5, PUBACK_V5, DISCONNECT_V5]
    const stream = Buffer.concat(all.map((f) => f.bytes))
    for (let at = 0; at <= stream.length; at++) {
      const { packets, errors } = feed([stream.subarray(0, at), stream.subarray(at)])
      expect(errors).toEqual([])
      expect(packets.map((p) => p.cmd)).toEqual(all.map((f) => f.packet.cmd))
    }
  })

  it('a 10 KB PUBLISH arriving in 100-byte chunks keeps its payload intact', () => {
    const payload = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251))
    const publish = encodePacket({ cmd: 'publish', topic: 'big', payload, qos: 0, dup: false, retain: false }, 4)
    const chunks: Buffer[] = []
    for (let i = 0; i < publish.length; i += 100) chunks.push(publish.subarray(i, i + 100))
    const { packets, errors } = feed(chunks, { protocolVersion: 4 })
    expect(errors).toEqual([])
    expect(packets).toHaveLength(1)
    expect((packets[0] as { payload: Buffer }).payload.equals(payload)).toBe(true)
  })
})

describe('encoding', () => {
  it.each(PACKET_FIXTURES.filter((f) => f.canonical))('$name encodes back to the same bytes', (f) => {
    expect(encodePacket(f.packet, f.protocolVersion).toString('hex')).toBe(f.bytes.toString('hex'))
  })

  it.each(PACKET_FIXTURES.filter((f) => !f.canonical))('$name re-encodes to bytes that decode to the same packet', (f) => {
    const reencoded = encodePacket(f.packet, f.protocolVersion)
    const { packets } = feed([reencoded], { protocolVersion: versionFor(f) })
    expect({ ...packets[0], length: undefined }).toEqual({ ...decodedForm(f), length: undefined })
  })

  it('throws for a packet mqtt-packet cannot encode (QoS 1 without a packet id)', () => {
    expect(() => encodePacket({ cmd: 'publish', topic: 'a', payload: '', qos: 1, dup: false, retain: false }, 4)).toThrow(/messageId/)
  })
})

describe('protocol version', () => {
  it('a v5 PUBACK with a reason code parses as v5 after a v5 CONNECT', () => {
    const { packets, errors, decoder } = feed([CONNECT_V5.bytes, PUBACK_V5.bytes])
    expect(errors).toEqual([])
    expect(packets[1]).toEqual(decodedForm(PUBACK_V5))
    expect(decoder.protocolVersion).toBe(5)
  })

  it('the same PUBACK bytes after a 3.1.1 CONNECT are refused: a 3.1.1 PUBACK has no reason code', () => {
    const { packets, errors, decoder } = feed([CONNECT_V4.bytes, PUBACK_V5.bytes])
    expect(packets.map((p) => p.cmd)).toEqual(['connect'])
    expect(errors.map((e) => e.reasonCode)).toEqual([0x81])
    expect(decoder.protocolVersion).toBe(4)
  })

  it('is null before any CONNECT', () => {
    expect(feed([PINGREQ.bytes]).decoder.protocolVersion).toBeNull()
  })

  it('is known from a CONNECT that then fails, so the CONNACK can use the client\'s format', () => {
    const receiveMaximumZero = MALFORMED_FIXTURES.find((f) => f.name === 'CONNECT 5 with Receive Maximum 0')!
    const { errors, decoder } = feed([receiveMaximumZero.bytes])
    expect(errors.map((e) => e.reasonCode)).toEqual([0x82])
    expect(decoder.protocolVersion).toBe(5)
  })

  it('does not change when a handler mutates the emitted CONNECT', () => {
    const packets: Packet[] = []
    const decoder = createDecoder({
      maxPacketBytes: MAX_PACKET_BYTES,
      onPacket: (p) => {
        if (p.cmd === 'connect') p.protocolVersion = 4 // mqtt-packet itself keeps this very object as its settings
        packets.push(p)
      },
      onError: (e) => { throw e },
    })
    decoder.push(Buffer.concat([CONNECT_V5.bytes, PUBACK_V5.bytes]))
    expect(decoder.protocolVersion).toBe(5)
    expect(packets[1]).toEqual(decodedForm(PUBACK_V5))
  })
})

describe('malformed and forbidden packets', () => {
  it.each(MALFORMED_FIXTURES)('$name → reason $reasonCode, once ($why)', (f) => {
    const { packets, errors, order } = feed([f.bytes, PUBLISH_QOS1_V4.bytes], { protocolVersion: f.protocolVersion })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(ProtocolError)
    expect(errors[0]!.reasonCode).toBe(f.reasonCode)
    expect(packets).toHaveLength(f.packetsBefore ?? 0)
    expect(order.at(-1)).toBe('error')
  })

  it.each(MALFORMED_FIXTURES)('$name fails the same way when fed one byte at a time', (f) => {
    const { packets, errors } = feed(byteByByte(f.bytes), { protocolVersion: f.protocolVersion })
    expect(errors.map((e) => e.reasonCode)).toEqual([f.reasonCode])
    expect(packets).toHaveLength(f.packetsBefore ?? 0)
  })

  it('keeps mqtt-packet\'s message for errors it detects', () => {
    const qos3 = MALFORMED_FIXTURES.find((f) => f.name === 'PUBLISH with QoS 3')!
    expect(feed([qos3.bytes]).errors[0]!.message).toBe('Malformed packet: Packet must not have both QoS bits set to 1 [MQTT-3.3.1-4]')
  })

  it.each([
    ['wildcard in a PUBLISH topic (3.1.1)', '[MQTT-3.3.2-2]'],
    ['ill-formed UTF-8 in a PUBLISH topic', '[MQTT-1.5.4-1]'],
    ['SUBSCRIBE with no Topic Filter', '[MQTT-3.8.3-3]'],
    ['a second CONNECT', '[MQTT-3.1.0-2]'],
  ])('the message for "%s" names the rule %s', (name, rule) => {
    const f = MALFORMED_FIXTURES.find((m) => m.name === name)!
    expect(feed([f.bytes], { protocolVersion: f.protocolVersion }).errors[0]!.message).toContain(rule)
  })
})

describe('packet size limit', () => {
  const HUGE_HEADER = [0x30, 0xff, 0xff, 0xff, 0x7f] // PUBLISH declaring 268,435,455 bytes (~256 MiB)

  it('a declared 256 MiB packet fails with 0x95 as soon as its fixed header is in, with 16 bytes sent', () => {
    const { errors, packets, decoder } = feed([Buffer.from([...HUGE_HEADER, ...new Array<number>(11).fill(0x61)])])
    expect(errors.map((e) => e.reasonCode)).toEqual([0x95])
    decoder.push(Buffer.alloc(1024, 0x61)) // more body: ignored, nothing buffered, no second error
    expect(errors).toHaveLength(1)
    expect(packets).toEqual([])
  })

  it('fails the moment the last length byte arrives when the header trickles in', () => {
    const { errors, decoder } = feed(byteByByte(Buffer.from(HUGE_HEADER.slice(0, 4))))
    expect(errors).toEqual([])
    decoder.push(Buffer.of(0x7f))
    expect(errors.map((e) => e.reasonCode)).toEqual([0x95])
  })

  it('counts the fixed header: a packet of exactly maxPacketBytes passes, one byte more fails', () => {
    const limit = PUBLISH_QOS1_V4.bytes.length
    expect(feed([PUBLISH_QOS1_V4.bytes], { maxPacketBytes: limit, protocolVersion: 4 }).packets).toHaveLength(1)
    expect(feed([PUBLISH_QOS1_V4.bytes], { maxPacketBytes: limit - 1, protocolVersion: 4 }).errors.map((e) => e.reasonCode)).toEqual([0x95])
  })

  it('refuses a nonsensical limit when the decoder is created', () => {
    expect(() => createDecoder({ maxPacketBytes: 0, onPacket: () => undefined, onError: () => undefined })).toThrow(RangeError)
  })
})
