// MQTT control packet type names: by the 4-bit type number and by mqtt-packet's `cmd` string.
// Display only; mirrors mqtt-packet's `cmd` strings without importing it (shared/ stays package-free).

/** mqtt-packet's `cmd` for each control packet type (5.0 section 2.1.2, Table 2-1). */
export type PacketCmd =
  | 'connect'
  | 'connack'
  | 'publish'
  | 'puback'
  | 'pubrec'
  | 'pubrel'
  | 'pubcomp'
  | 'subscribe'
  | 'suback'
  | 'unsubscribe'
  | 'unsuback'
  | 'pingreq'
  | 'pingresp'
  | 'disconnect'
  | 'auth'

/** Spec names by `cmd`, e.g. 'pingreq' → 'PINGREQ'. */
export const PACKET_NAMES: Readonly<Record<PacketCmd, string>> = {
  connect: 'CONNECT',
  connack: 'CONNACK',
  publish: 'PUBLISH',
  puback: 'PUBACK',
  pubrec: 'PUBREC',
  pubrel: 'PUBREL',
  pubcomp: 'PUBCOMP',
  subscribe: 'SUBSCRIBE',
  suback: 'SUBACK',
  unsubscribe: 'UNSUBSCRIBE',
  unsuback: 'UNSUBACK',
  pingreq: 'PINGREQ',
  pingresp: 'PINGRESP',
  disconnect: 'DISCONNECT',
  auth: 'AUTH',
}

/**
 * `cmd` by packet type number (the high nibble of the first byte). Index 0 is reserved in every
 * version; 15 (AUTH) exists only in 5.0 and is reserved in 3.1.1.
 */
export const PACKET_CMDS_BY_TYPE: readonly (PacketCmd | null)[] = [
  null,
  'connect',
  'connack',
  'publish',
  'puback',
  'pubrec',
  'pubrel',
  'pubcomp',
  'subscribe',
  'suback',
  'unsubscribe',
  'unsuback',
  'pingreq',
  'pingresp',
  'disconnect',
  'auth',
]

/** The spec name for a `cmd` string, e.g. 'connect' → 'CONNECT'; an unknown string is upper-cased as is. */
export function packetNameOf(cmd: string): string {
  return Object.hasOwn(PACKET_NAMES, cmd) ? PACKET_NAMES[cmd as PacketCmd] : cmd.toUpperCase()
}

/** The spec name for a packet type number 1–15, e.g. 3 → 'PUBLISH'; 0 is `Reserved (0)`, others `Unknown (N)`. */
export function packetNameOfType(type: number): string {
  if (type === 0) return 'Reserved (0)'
  const cmd = PACKET_CMDS_BY_TYPE[type]
  return cmd == null ? `Unknown (${type})` : PACKET_NAMES[cmd]
}

/** The packet type number for a `cmd` string, e.g. 'publish' → 3; undefined when unknown. */
export function packetTypeOf(cmd: string): number | undefined {
  const type = PACKET_CMDS_BY_TYPE.indexOf(cmd as PacketCmd)
  return type > 0 ? type : undefined
}
