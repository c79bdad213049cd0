// Reason code tables: every 5.0 name, 3.1.1 vs 5.0 lookups, formatting, fallbacks and the v5→v3.1.1 map.
import { describe, expect, it } from 'vitest'
import {
  CONNACK_V3,
  formatReasonCode,
  isErrorReasonCode,
  isReasonCodeValid,
  RC,
  REASON_CODES_V5,
  reasonCodeName,
  type ReasonCodePacket,
  toV3ConnackReturnCode,
} from '../../../shared/mqtt/reason-codes'

type Rest<R> = R extends readonly [number, ...infer T] ? T : never

/** Moves each row's leading code to the end and puts it first in hex, so test names read 0x87, not 135. */
function withHex<R extends readonly [number, ...unknown[]]>(rows: readonly R[]): Array<[string, ...Rest<R>, number]> {
  return rows.map(([code, ...rest]) => [`0x${code.toString(16).toUpperCase().padStart(2, '0')}`, ...rest, code] as never)
}

describe('MQTT 5.0 reason code table', () => {
  it.each(withHex([
    [0x00, 'disconnect', 'Normal disconnection'],
    [0x00, 'suback', 'Granted QoS 0'],
    [0x01, 'suback', 'Granted QoS 1'],
    [0x02, 'suback', 'Granted QoS 2'],
    [0x04, 'disconnect', 'Disconnect with Will Message'],
    [0x10, 'puback', 'No matching subscribers'],
    [0x11, 'unsuback', 'No subscription existed'],
    [0x18, 'auth', 'Continue authentication'],
    [0x19, 'auth', 'Re-authenticate'],
    [0x80, 'suback', 'Unspecified error'],
    [0x81, 'disconnect', 'Malformed Packet'],
    [0x82, 'connack', 'Protocol Error'],
    [0x83, 'unsuback', 'Implementation specific error'],
    [0x84, 'connack', 'Unsupported Protocol Version'],
    [0x85, 'connack', 'Client Identifier not valid'],
    [0x86, 'connack', 'Bad User Name or Password'],
    [0x87, 'pubrec', 'Not authorized'],
    [0x88, 'connack', 'Server unavailable'],
    [0x89, 'disconnect', 'Server busy'],
    [0x8a, 'connack', 'Banned'],
    [0x8b, 'disconnect', 'Server shutting down'],
    [0x8c, 'connack', 'Bad authentication method'],
    [0x8d, 'disconnect', 'Keep Alive timeout'],
    [0x8e, 'disconnect', 'Session taken over'],
    [0x8f, 'suback', 'Topic Filter invalid'],
    [0x90, 'puback', 'Topic Name invalid'],
    [0x91, 'unsuback', 'Packet Identifier in use'],
    [0x92, 'pubcomp', 'Packet Identifier not found'],
    [0x93, 'disconnect', 'Receive Maximum exceeded'],
    [0x94, 'disconnect', 'Topic Alias invalid'],
    [0x95, 'connack', 'Packet too large'],
    [0x96, 'disconnect', 'Message rate too high'],
    [0x97, 'suback', 'Quota exceeded'],
    [0x98, 'disconnect', 'Administrative action'],
    [0x99, 'pubrec', 'Payload format invalid'],
    [0x9a, 'connack', 'Retain not supported'],
    [0x9b, 'connack', 'QoS not supported'],
    [0x9c, 'connack', 'Use another server'],
    [0x9d, 'disconnect', 'Server moved'],
    [0x9e, 'suback', 'Shared Subscriptions not supported'],
    [0x9f, 'connack', 'Connection rate exceeded'],
    [0xa0, 'disconnect', 'Maximum connect time'],
    [0xa1, 'suback', 'Subscription Identifiers not supported'],
    [0xa2, 'disconnect', 'Wildcard Subscriptions not supported'],
  ] as const))('%s in %s is %j', (_hex, packet, name, code) => {
    expect(reasonCodeName(code, packet, 5)).toBe(name)
  })

  it.each(['connack', 'puback', 'pubrec', 'pubrel', 'pubcomp', 'unsuback', 'auth'] as const)(
    "0x00 in %s is 'Success'",
    (packet) => {
      expect(reasonCodeName(0x00, packet, 5)).toBe('Success')
    },
  )

  it('defines 45 rows: 43 distinct codes, with 0x00 named three ways', () => {
    expect(REASON_CODES_V5).toHaveLength(45)
    expect(new Set(REASON_CODES_V5.map((e) => e.code)).size).toBe(43)
  })

  it('has an RC constant for every code in the table and no other', () => {
    expect(new Set(Object.values(RC))).toEqual(new Set(REASON_CODES_V5.map((e) => e.code)))
  })

  it('never gives one packet two names for the same code', () => {
    const seen = new Set<string>()
    for (const entry of REASON_CODES_V5) {
      for (const packet of entry.packets) {
        const slot = `${packet}:${entry.code}`
        expect(seen.has(slot), slot).toBe(false)
        seen.add(slot)
      }
    }
  })

  it.each(withHex([
    [0x92, 'pubrel', true, 'PUBREL carries only 0x00 and 0x92'],
    [0x80, 'pubrel', false, 'PUBREL has no 0x80'],
    [0x10, 'pubrec', true, 'No matching subscribers is a PUBACK/PUBREC code'],
    [0x10, 'suback', false, 'No matching subscribers is not a SUBACK code'],
    [0x8b, 'connack', false, 'Server shutting down is DISCONNECT only'],
    [0x18, 'auth', true, 'Continue authentication is an AUTH code'],
  ] as const))('isReasonCodeValid(%s, %s, 5) is %s (%s)', (_hex, packet, valid, _why, code) => {
    expect(isReasonCodeValid(code, packet, 5)).toBe(valid)
  })
})

describe('MQTT 3.1.1 return codes', () => {
  it.each([
    [0, 'Connection Accepted'],
    [1, 'Connection Refused, unacceptable protocol version'],
    [2, 'Connection Refused, identifier rejected'],
    [3, 'Connection Refused, Server unavailable'],
    [4, 'Connection Refused, bad user name or password'],
    [5, 'Connection Refused, not authorized'],
  ])('CONNACK %i is %j in 3.1.1 and 3.1', (code, name) => {
    expect(reasonCodeName(code, 'connack', 4)).toBe(name)
    expect(reasonCodeName(code, 'connack', 3)).toBe(name)
  })

  it('SUBACK 0x80 is Failure in 3.1.1 and Unspecified error in 5.0', () => {
    expect(reasonCodeName(0x80, 'suback', 4)).toBe('Failure')
    expect(reasonCodeName(0x80, 'suback', 5)).toBe('Unspecified error')
  })

  it('SUBACK 0x01 is a granted maximum QoS in both versions', () => {
    expect(reasonCodeName(0x01, 'suback', 4)).toBe('Success - Maximum QoS 1')
    expect(reasonCodeName(0x01, 'suback', 5)).toBe('Granted QoS 1')
  })

  it('the same CONNACK byte means different things per version', () => {
    expect(reasonCodeName(0x05, 'connack', 4)).toBe('Connection Refused, not authorized')
    expect(reasonCodeName(0x05, 'connack', 5)).toBe('Unknown (0x05)')
    expect(reasonCodeName(0x87, 'connack', 4)).toBe('Unknown (0x87)')
  })
})

describe('fallbacks and formatting', () => {
  it.each(withHex([
    [0xab, 'connack', 5, 'Unknown (0xAB)', 'an undefined code'],
    [0x87, 'pubrel', 5, 'Unknown (0x87)', 'a code not defined for that packet'],
    [0x00, 'puback', 4, 'Unknown (0x00)', '3.1.1 PUBACK carries no code'],
    [0x06, 'connack', 4, 'Unknown (0x06)', '3.1.1 CONNACK 6-255 are reserved'],
  ] as const))('reasonCodeName(%s, %s, %i) is %j (%s)', (_hex, packet, version, name, _why, code) => {
    expect(reasonCodeName(code, packet as ReasonCodePacket, version)).toBe(name)
  })

  it.each(withHex([
    [0x87, 'puback', 5, '0x87 Not authorized'],
    [0x00, 'disconnect', 5, '0x00 Normal disconnection'],
    [0x04, 'connack', 4, '0x04 Connection Refused, bad user name or password'],
    [0xab, 'suback', 5, '0xAB Unknown'],
  ] as const))('formatReasonCode(%s, %s, %i) is %j', (_hex, packet, version, text, code) => {
    expect(formatReasonCode(code, packet, version)).toBe(text)
  })

  it.each(withHex([
    [0x00, false],
    [0x04, false],
    [0x19, false],
    [0x7f, false],
    [0x80, true],
    [0x95, true],
    [0xa2, true],
  ]))('isErrorReasonCode(%s) is %s', (_hex, expected, code) => {
    expect(isErrorReasonCode(code)).toBe(expected)
  })
})

describe('toV3ConnackReturnCode', () => {
  it.each(withHex([
    [RC.SUCCESS, CONNACK_V3.ACCEPTED],
    [RC.UNSUPPORTED_PROTOCOL_VERSION, CONNACK_V3.UNACCEPTABLE_PROTOCOL_VERSION],
    [RC.CLIENT_IDENTIFIER_NOT_VALID, CONNACK_V3.IDENTIFIER_REJECTED],
    [RC.SERVER_UNAVAILABLE, CONNACK_V3.SERVER_UNAVAILABLE],
    [RC.SERVER_BUSY, CONNACK_V3.SERVER_UNAVAILABLE],
    [RC.BAD_USER_NAME_OR_PASSWORD, CONNACK_V3.BAD_USER_NAME_OR_PASSWORD],
    [RC.BAD_AUTHENTICATION_METHOD, CONNACK_V3.BAD_USER_NAME_OR_PASSWORD],
    [RC.NOT_AUTHORIZED, CONNACK_V3.NOT_AUTHORIZED],
    [RC.BANNED, CONNACK_V3.NOT_AUTHORIZED],
    [RC.UNSPECIFIED_ERROR, CONNACK_V3.SERVER_UNAVAILABLE],
    [RC.QUOTA_EXCEEDED, CONNACK_V3.SERVER_UNAVAILABLE],
    [RC.USE_ANOTHER_SERVER, CONNACK_V3.SERVER_UNAVAILABLE],
    [RC.MALFORMED_PACKET, null],
    [RC.PROTOCOL_ERROR, null],
    [RC.PACKET_TOO_LARGE, null],
  ]))('%s maps to %s', (_hex, v3, v5) => {
    expect(toV3ConnackReturnCode(v5)).toBe(v3)
  })

  it('maps every 5.0 CONNACK code to a 3.1.1 code (0–5) or null', () => {
    for (const entry of REASON_CODES_V5.filter((e) => e.packets.includes('connack'))) {
      const v3 = toV3ConnackReturnCode(entry.code)
      expect(v3 === null || (v3 >= 0 && v3 <= 5), entry.name).toBe(true)
    }
  })
})
