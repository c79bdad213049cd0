// Routes each packet to its handler. The first packet must be CONNECT [MQTT-3.1.0-1] and there must be
// only one [MQTT-3.1.0-2]; packets only a server sends are protocol errors from a client.
import { ProtocolError, type Packet } from '../../codec/mqtt-codec'
import type { Connection } from '../connection'
import { handleConnect } from './connect'
import { handlePublish } from './publish'
import { handlePuback, handlePubcomp, handlePubrec, handlePubrel } from './acks'
import { handleSubscribe } from './subscribe'
import { handleUnsubscribe } from './unsubscribe'
import { handleDisconnect } from './disconnect'

/** Handles one packet; a Promise means "wait before reading the next one". */
export function dispatchPacket(conn: Connection, packet: Packet): void | Promise<void> {
  if (conn.state !== 'connected') {
    if (packet.cmd === 'connect' && conn.state === 'awaiting-connect') return handleConnect(conn, packet)
    conn.fail(new ProtocolError(0x82, `Protocol error: ${packet.cmd.toUpperCase()} before the connection was accepted; the first packet must be CONNECT [MQTT-3.1.0-1]`))
    return
  }
  switch (packet.cmd) {
    case 'publish': return handlePublish(conn, packet)
    case 'puback': return handlePuback(conn, packet)
    case 'pubrec': return handlePubrec(conn, packet)
    case 'pubrel': return handlePubrel(conn, packet)
    case 'pubcomp': return handlePubcomp(conn, packet)
    case 'subscribe': return handleSubscribe(conn, packet)
    case 'unsubscribe': return handleUnsubscribe(conn, packet)
    case 'pingreq':
      conn.send({ cmd: 'pingresp' })
      return
    case 'disconnect': return handleDisconnect(conn, packet)
    case 'connect':
      conn.fail(new ProtocolError(0x82, 'Protocol error: a second CONNECT on the same connection [MQTT-3.1.0-2]'))
      return
    case 'auth':
      // A CONNECT with an Authentication Method is refused (none is supported), so this connection has none: an AUTH
      // is then a Protocol Error (MQTT 5 §3.15) [MQTT-4.12.0-6]. Not 0x8C: it is no DISCONNECT reason code [MQTT-3.14.2-1].
      conn.fail(new ProtocolError(0x82, 'Protocol error: AUTH on a connection whose CONNECT had no Authentication Method [MQTT-4.12.0-6]'))
      return
    default:
      conn.fail(new ProtocolError(0x82, `Protocol error: a client may not send ${packet.cmd.toUpperCase()}`))
  }
}
