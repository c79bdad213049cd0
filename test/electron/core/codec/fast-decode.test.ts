// The fast path must decode exactly what mqtt-packet decodes, and hand every unusual frame back to it.
import * as mqtt from 'mqtt-packet'
import { describe, expect, it } from 'vitest'
import { decodeFast } from '../../../../electron/core/codec/fast-decode'

function frameOf(bytes: Buffer) {
  let headerBytes = 2
  while ((bytes[headerBytes - 1]! & 0x80) !== 0) headerBytes++
  return { bytes, headerBytes }
}

function slowDecode(bytes: Buffer, version: 3 | 4 | 5): unknown {
  const parser = mqtt.parser({ protocolVersion: version })
  let out: unknown = null
  parser.on('packet', (p) => { out = p })
  parser.parse(bytes)
  return out
}

describe('decodeFast', () => {
  const topics = ['a', 'home/kitchen/temp', 'ünïcødé/😀', '', 'x'.repeat(300)]
  const payloads = [Buffer.alloc(0), Buffer.from('hello'), Buffer.alloc(70_000, 7)]
  const cases: Array<[3 | 4 | 5, 0 | 1 | 2, boolean, boolean, string, Buffer]> = []
  for (const version of [3, 4, 5] as const) {
    for (const qos of [0, 1, 2] as const) {
      for (const topic of topics) {
        if (topic === '' && version !== 5) continue
        for (const payload of payloads) cases.push([version, qos, qos > 0, qos === 0, topic, payload])
      }
    }
  }

  it.each(cases)('v%i PUBLISH QoS %i (dup %s, retain %s) decodes as mqtt-packet does', (version, qos, dup, retain, topic, payload) => {
    if (topic === '') return // an empty topic needs a Topic Alias property: not the fast path
    const packet = { cmd: 'publish', topic, payload, qos, dup, retain, ...(qos > 0 ? { messageId: 4242 } : {}) } as mqtt.IPublishPacket
    const bytes = mqtt.generate(packet, { protocolVersion: version })
    expect(decodeFast(frameOf(bytes), version)).toEqual(slowDecode(bytes, version))
  })

  it.each([
    ['puback', 3], ['pubrec', 4], ['pubrel', 4], ['pubcomp', 5], ['puback', 5],
  ] as const)('%s (v%i) decodes as mqtt-packet does', (cmd, version) => {
    const bytes = mqtt.generate({ cmd, messageId: 77, ...(version === 5 ? { reasonCode: 0 } : {}) } as mqtt.Packet, { protocolVersion: version })
    expect(decodeFast(frameOf(bytes), version)).toEqual(slowDecode(bytes, version))
  })

  it('reads a v5 acknowledgment with a reason code', () => {
    const bytes = Buffer.from([0x40, 0x03, 0x00, 0x05, 0x10])
    expect(decodeFast(frameOf(bytes), 5)).toEqual(slowDecode(bytes, 5))
  })

  it.each([
    ['a v5 PUBLISH with properties', mqtt.generate({ cmd: 'publish', topic: 't', payload: Buffer.from('x'), qos: 0, dup: false, retain: false, properties: { contentType: 'text/plain' } }, { protocolVersion: 5 }), 5],
    ['a PUBLISH with QoS 3', Buffer.from([0x36, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01]), 4],
    ['a topic with U+0000', Buffer.from([0x30, 0x04, 0x00, 0x02, 0x61, 0x00]), 4],
    ['a topic that is not UTF-8', Buffer.from([0x30, 0x04, 0x00, 0x02, 0xc3, 0x28]), 4],
    ['a topic longer than the packet', Buffer.from([0x30, 0x03, 0x00, 0x09, 0x61]), 4],
    ['a PUBREL with flags 0', Buffer.from([0x60, 0x02, 0x00, 0x01]), 4],
    ['a PUBACK with trailing bytes (3.1.1)', Buffer.from([0x40, 0x03, 0x00, 0x01, 0x00]), 4],
    ['a v5 PUBACK with a reason code PUBACK cannot carry', Buffer.from([0x40, 0x03, 0x00, 0x01, 0x05]), 5],
    ['a PUBACK with packet id 0', Buffer.from([0x40, 0x02, 0x00, 0x00]), 4],
    ['a SUBSCRIBE', mqtt.generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 0 }] }, { protocolVersion: 4 }), 4],
  ] as const)('leaves %s to mqtt-packet', (_name, bytes, version) => {
    expect(decodeFast(frameOf(Buffer.from(bytes)), version as 4 | 5)).toBeNull()
  })
})
