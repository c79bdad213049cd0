// Answers a CONNECT that is refused: the reason code in the client's protocol version, then a close
// without publishing a will (there was no session yet) [MQTT-3.2.2-6 (5.0)], [MQTT-3.2.2-4 (3.1.1)].
import { toV3ConnackReturnCode } from '../../../../shared/mqtt/reason-codes'
import type { Packet } from '../../codec/mqtt-codec'
import type { Connection } from '../connection'

/** Sends CONNACK with `reasonCode` (mapped to a 3.1.1 return code for older clients) and closes. */
export function refuseConnect(conn: Connection, reasonCode: number, reason: string): void {
  conn.ctx.log.info(`Refused CONNECT from ${conn.info.clientId || '(no id)'} at ${conn.info.address}: ${reason}`)
  conn.ctx.notify('protocolError', { clientId: conn.info.clientId || null, address: conn.info.address, reasonCode, message: reason })
  if (conn.protocolVersion === 5) {
    conn.send({ cmd: 'connack', sessionPresent: false, reasonCode, properties: { reasonString: reason.slice(0, 200) } } as Packet)
  } else {
    const returnCode = toV3ConnackReturnCode(reasonCode)
    if (returnCode !== null) conn.send({ cmd: 'connack', sessionPresent: false, returnCode } as Packet)
  }
  conn.close(false)
}
