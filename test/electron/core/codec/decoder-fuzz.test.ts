// Decoder fuzz (house style B8): seeded random and mutated input never makes push() throw, yields packets and then
// at most one error, and gives the same outcome however the bytes are chunked. Seeded, so any failure replays.
import { describe, expect, it } from 'vitest'
import { createDecoder, type Packet, type ProtocolError, type ProtocolVersion } from '../../../../electron/core/codec/mqtt-codec'
import { CONNECT_V4, CONNECT_V5, MALFORMED_FIXTURES, PACKET_FIXTURES, PUBLISH_V5, decodedForm } from '../../../fixtures/packets'

const SEED = 0x7051c5c0
const CASES = 20_000
const MAX_PACKET_BYTES = 512
const REASON_CODES = new Set([0x81, 0x82, 0x84, 0x90, 0x94, 0x95])

/** mulberry32: small, fast, good enough to spread inputs; the same seed gives the same cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `cuts`: chunk boundaries for the chunked run; `bytewise`: feed that run one byte at a time instead. */
interface Case { bytes: Buffer; version: ProtocolVersion | null; cuts: number[]; bytewise: boolean }

function makeCases(): Case[] {
  const rand = prng(SEED)
  const int = (n: number) => Math.floor(rand() * n)
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)))
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!
  const seeds = [...PACKET_FIXTURES.map((f) => f.bytes), ...MALFORMED_FIXTURES.map((f) => f.bytes)]

  /** Flip, overwrite, cut, duplicate or insert: one mutation of a valid or malformed fixture. */
  function mutate(input: Buffer): Buffer {
    const b = Buffer.from(input)
    const at = int(b.length)
    switch (int(5)) {
      case 0: b[at] = b[at]! ^ (1 << int(8)); return b
      case 1: b[at] = int(256); return b
      case 2: return b.subarray(0, at)
      case 3: return Buffer.concat([b, b.subarray(at)])
      default: return Buffer.concat([b.subarray(0, at), randomBytes(1 + int(4)), b.subarray(at)])
    }
  }

  function body(): Buffer {
    switch (int(4)) {
      case 0: return randomBytes(int(48)) // noise
      case 1: { // a plausible fixed header over a random body of the declared size
        const content = randomBytes(int(40))
        return Buffer.concat([Buffer.of(int(256), content.length), content])
      }
      case 2: { // one to three mutations of a fixture
        let b = pick(seeds)
        for (let n = 1 + int(3); n > 0; n--) b = mutate(b)
        return b
      }
      default: // a valid CONNECT, then something mutated: reaches the post-CONNECT parsing paths
        return Buffer.concat([pick([CONNECT_V4.bytes, CONNECT_V5.bytes]), mutate(pick(seeds))])
    }
  }

  return Array.from({ length: CASES }, () => {
    const bytes = body()
    const cuts = Array.from({ length: int(4) }, () => int(bytes.length + 1)).sort((x, y) => x - y)
    return { bytes, version: pick([null, null, 4, 5] as const), cuts, bytewise: int(8) === 0 }
  })
}

interface Outcome { packets: Packet[]; errors: ProtocolError[]; order: string[]; thrown: unknown }

function run(c: Case, chunks: Buffer[]): Outcome {
  const out: Outcome = { packets: [], errors: [], order: [], thrown: null }
  const decoder = createDecoder({
    maxPacketBytes: MAX_PACKET_BYTES,
    protocolVersion: c.version ?? undefined,
    onPacket: (p) => { out.packets.push(p); out.order.push(p.cmd) },
    onError: (e) => { out.errors.push(e); out.order.push('error') },
  })
  try {
    for (const chunk of chunks) decoder.push(chunk)
  } catch (err) {
    out.thrown = err
  }
  return out
}

const split = (c: Case): Buffer[] => c.bytewise
  ? Array.from(c.bytes, (b) => Buffer.of(b))
  : [0, ...c.cuts].map((from, i, all) => c.bytes.subarray(from, all[i + 1] ?? c.bytes.length))
const describeCase = (c: Case) => `version ${c.version} cuts ${c.bytewise ? 'every byte' : c.cuts.join(',')} bytes ${c.bytes.toString('hex')}`
const summary = (o: Outcome) => ({ order: o.order, error: o.errors[0] && `${o.errors[0].reasonCode} ${o.errors[0].message}` })

describe(`decoder fuzz (${CASES} seeded cases, seed ${SEED.toString(16)})`, () => {
  const cases = makeCases()
  const whole = cases.map((c) => run(c, [c.bytes]))

  it('push() never throws', () => {
    const thrown = cases.flatMap((c, i) => (whole[i]!.thrown === null ? [] : [`${describeCase(c)}: ${String(whole[i]!.thrown)}`]))
    expect(thrown).toEqual([])
  })

  it('emits packets, then at most one error, and nothing after it', () => {
    const bad = cases.filter((_, i) => {
      const o = whole[i]!
      const errorAt = o.order.indexOf('error')
      return o.errors.length > 1 || (errorAt !== -1 && errorAt !== o.order.length - 1)
    })
    expect(bad.map(describeCase)).toEqual([])
  })

  it('reaches both outcomes often enough for the other checks to mean something', () => {
    expect(whole.filter((o) => o.errors.length > 0).length).toBeGreaterThan(CASES / 2)
    expect(whole.filter((o) => o.packets.length > 0).length).toBeGreaterThan(CASES / 10)
  })

  it('every error is a ProtocolError with a known reason code and a message', () => {
    const errors = whole.flatMap((o) => o.errors)
    expect(errors.filter((e) => !REASON_CODES.has(e.reasonCode) || e.message.length === 0)).toEqual([])
  })

  it('gives the same outcome for the same bytes in random chunks', () => {
    const differ = cases.flatMap((c, i) => {
      const chunked = run(c, split(c))
      return JSON.stringify(summary(chunked)) === JSON.stringify(summary(whole[i]!)) ? [] : [describeCase(c)]
    })
    expect(differ).toEqual([])
  })

  it('a fresh decoder still parses valid packets after the fuzz', () => {
    const bytes = Buffer.concat([CONNECT_V5.bytes, PUBLISH_V5.bytes])
    const o = run({ bytes, version: null, cuts: [], bytewise: false }, [bytes])
    expect(o.errors).toEqual([])
    expect(o.packets).toEqual([decodedForm(CONNECT_V5), decodedForm(PUBLISH_V5)])
  })
})
