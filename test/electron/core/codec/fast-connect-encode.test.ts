// The fast CONNECT decoder and the fast encoder must match mqtt-packet byte for byte and object for object.
import * as mqtt from 'mqtt-packet'
import { describe, expect, it } from 'vitest'
import { decodeFastConnect } from '../../../../electron/core/codec/fast-connect'
import { encodeFast } from '../../../../electron/core/codec/fast-encode'

const frameOf = (bytes: Buffer) => ({ bytes, headerBytes: (bytes[1]! & 0x80) === 0 ? 2 : 3 })

function slowDecode(bytes: Buffer): unknown {
  const parser = mqtt.parser()
  let out: unknown = null
  parser.on('packet', (p) => { out = p })
  parser.parse(bytes)
  return out
}

describe('decodeFastConnect', () => {
  const cases: Array<Record<string, unknown>> = []
  for (const version of [3, 4, 5]) {
    for (const clientId of ['c1', 'ünï-😀', 'x'.repeat(200)]) {
      for (const creds of [{}, { username: 'alice' }, { username: 'alice', password: Buffer.from('s3cret') }]) {
        for (const clean of [true, false]) cases.push({ cmd: 'connect', protocolId: version === 3 ? 'MQIsdp' : 'MQTT', protocolVersion: version, clientId, clean, keepalive: 45, ...creds })
      }
    }
  }
  it.each(cases)('$protocolVersion $clientId $username clean=$clean decodes as mqtt-packet does', (packet) => {
    const bytes = mqtt.generate(packet as unknown as mqtt.Packet)
    expect(decodeFastConnect(frameOf(bytes))).toEqual(slowDecode(bytes))
  })

  it.each([
    ['a will', { will: { topic: 'w', payload: Buffer.from('x'), qos: 0, retain: false } }],
    ['v5 properties', { protocolVersion: 5, properties: { sessionExpiryInterval: 10 } }],
  ])('leaves a CONNECT with %s to mqtt-packet', (_name, extra) => {
    const bytes = mqtt.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'c', clean: true, keepalive: 0, ...extra } as mqtt.Packet)
    expect(decodeFastConnect(frameOf(bytes))).toBeNull()
  })

  it.each([
    ['the reserved flag set', [0x10, 0x0d, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x03, 0x00, 0x00, 0x00, 0x01, 0x61]],
    ['an unknown protocol level', [0x10, 0x0d, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x06, 0x02, 0x00, 0x00, 0x00, 0x01, 0x61]],
    ['a client id with U+0000', [0x10, 0x0d, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00]],
    ['trailing bytes', [0x10, 0x0e, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x00, 0x00, 0x01, 0x61, 0x62]],
    ['a password without a user name (3.1.1)', [0x10, 0x10, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x42, 0x00, 0x00, 0x00, 0x01, 0x61, 0x00, 0x01, 0x70]],
  ])('leaves a CONNECT with %s to mqtt-packet', (_name, bytes) => {
    expect(decodeFastConnect(frameOf(Buffer.from(bytes)))).toBeNull()
  })
})

describe('encodeFast', () => {
  it.each([
    [{ cmd: 'connack', sessionPresent: true, returnCode: 0 }, 4],
    [{ cmd: 'connack', sessionPresent: false, returnCode: 5 }, 3],
    [{ cmd: 'puback', messageId: 258 }, 4],
    [{ cmd: 'pubrec', messageId: 1 }, 4],
    [{ cmd: 'pubrel', messageId: 65535 }, 4],
    [{ cmd: 'pubcomp', messageId: 7 }, 4],
    [{ cmd: 'puback', messageId: 9, reasonCode: 0 }, 5],
    [{ cmd: 'puback', messageId: 9, reasonCode: 0x10 }, 5],
    [{ cmd: 'pubcomp', messageId: 9, reasonCode: 0x92 }, 5],
    [{ cmd: 'pingresp' }, 4],
  ] as const)('%j (v%i) is byte for byte what mqtt-packet writes', (packet, version) => {
    const p = packet as unknown as mqtt.Packet
    expect(encodeFast(p, version)).toEqual(mqtt.generate(p, { protocolVersion: version }))
  })

  const publishes: Array<[Record<string, unknown>, 3 | 4 | 5]> = []
  for (const version of [3, 4, 5] as const) {
    for (const qos of [0, 1, 2] as const) {
      for (const payload of [Buffer.alloc(0), Buffer.from('x'), Buffer.alloc(200, 1), Buffer.alloc(20_000, 2), Buffer.alloc(3_000_000, 3)]) {
        publishes.push([{ cmd: 'publish', topic: qos === 1 ? 'ünï/😀' : 'a/b', payload, qos, retain: qos === 2, dup: qos === 1, ...(qos > 0 ? { messageId: 300 } : {}) }, version])
      }
    }
  }
  it.each(publishes)('PUBLISH %#: byte for byte what mqtt-packet writes', (packet, version) => {
    const p = packet as unknown as mqtt.Packet
    expect(encodeFast(p, version)!.equals(mqtt.generate(p, { protocolVersion: version }))).toBe(true)
  })

  it('leaves packets with properties and v5 CONNACK to mqtt-packet', () => {
    expect(encodeFast({ cmd: 'publish', topic: 't', payload: Buffer.alloc(1), qos: 0, retain: false, dup: false, properties: { contentType: 'x' } } as mqtt.Packet, 5)).toBeNull()
    expect(encodeFast({ cmd: 'puback', messageId: 1, reasonCode: 0x87, properties: { reasonString: 'no' } } as mqtt.Packet, 5)).toBeNull()
    expect(encodeFast({ cmd: 'connack', sessionPresent: false, reasonCode: 0 } as mqtt.Packet, 5)).toBeNull()
  })
})
