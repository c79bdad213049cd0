// Control packet names by type number and by mqtt-packet's cmd string.
import { describe, expect, it } from 'vitest'
import {
  PACKET_CMDS_BY_TYPE,
  PACKET_NAMES,
  packetNameOf,
  packetNameOfType,
  packetTypeOf,
} from '../../../shared/mqtt/packet-names'

describe('packet names', () => {
  it.each([
    [1, 'connect', 'CONNECT'],
    [2, 'connack', 'CONNACK'],
    [3, 'publish', 'PUBLISH'],
    [4, 'puback', 'PUBACK'],
    [5, 'pubrec', 'PUBREC'],
    [6, 'pubrel', 'PUBREL'],
    [7, 'pubcomp', 'PUBCOMP'],
    [8, 'subscribe', 'SUBSCRIBE'],
    [9, 'suback', 'SUBACK'],
    [10, 'unsubscribe', 'UNSUBSCRIBE'],
    [11, 'unsuback', 'UNSUBACK'],
    [12, 'pingreq', 'PINGREQ'],
    [13, 'pingresp', 'PINGRESP'],
    [14, 'disconnect', 'DISCONNECT'],
    [15, 'auth', 'AUTH'],
  ])('type %i is %s → %s', (type, cmd, name) => {
    expect(packetNameOfType(type)).toBe(name)
    expect(packetNameOf(cmd)).toBe(name)
    expect(packetTypeOf(cmd)).toBe(type)
  })

  it('has one name per cmd and one cmd per type 1–15', () => {
    expect(Object.keys(PACKET_NAMES)).toHaveLength(15)
    expect(PACKET_CMDS_BY_TYPE).toHaveLength(16)
  })

  it.each([
    [0, 'Reserved (0)'],
    [16, 'Unknown (16)'],
    [-1, 'Unknown (-1)'],
  ])('type %i is %j', (type, name) => {
    expect(packetNameOfType(type)).toBe(name)
  })

  it('upper-cases an unknown cmd and refuses inherited names', () => {
    expect(packetNameOf('reserved')).toBe('RESERVED')
    expect(packetNameOf('toString')).toBe('TOSTRING')
    expect(packetTypeOf('reserved')).toBeUndefined()
  })
})
