// DISCONNECT from the client: a normal end drops the will [MQTT-3.14.4-3]; v5 0x04 asks for it anyway,
// and may change the Session Expiry Interval, but not from 0 to non-zero (MQTT 5 §3.14.2.2.2).
import { ProtocolError, type IDisconnectPacket } from '../../codec/mqtt-codec'
import type { Connection } from '../connection'

/** Reason code "Disconnect with Will Message". */
const DISCONNECT_WITH_WILL = 0x04

export function handleDisconnect(conn: Connection, packet: IDisconnectPacket): void {
  const session = conn.session!
  const newExpiry = conn.protocolVersion === 5 ? packet.properties?.sessionExpiryInterval : undefined
  if (newExpiry !== undefined) {
    if (session.expiryIntervalS === 0 && newExpiry !== 0) {
      return conn.fail(new ProtocolError(0x82, 'Protocol error: Session Expiry Interval cannot be set at DISCONNECT when it was 0 at CONNECT'))
    }
    session.expiryIntervalS = newExpiry
  }
  const withWill = conn.protocolVersion === 5 && packet.reasonCode === DISCONNECT_WITH_WILL
  if (!withWill) conn.will = null
  conn.close(withWill)
}
