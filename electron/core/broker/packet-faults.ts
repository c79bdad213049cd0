// Fault injection for the QoS lab: what the policy's onPacketIn/onPacketOut decide is applied here, so
// the protocol's real consequences follow (a dropped PUBACK makes a re-send with DUP, a cut connection
// publishes the will). Without a fault policy this costs one property check per packet.
import type { Packet } from '../codec/mqtt-codec'
import type { Connection } from './connection'
import type { PacketFault } from './hooks'

/** Writes `bytes` as the policy says (now, later, twice, never, or then cuts the connection). */
export function writeWithFault(conn: Connection, packet: Packet, bytes: Buffer, write: (bytes: Buffer) => void): void {
  const decide = conn.ctx.policy.onPacketOut
  if (decide === undefined) {
    write(bytes)
    return
  }
  const fault = decide.call(conn.ctx.policy, conn.info, packet as { cmd: string; messageId?: number })
  if (fault === 'send') {
    write(bytes)
    return
  }
  report(conn, 'out', packet, fault)
  if (fault === 'drop') return
  if (fault === 'duplicate') {
    write(bytes)
    write(bytes)
    return
  }
  if (fault === 'cut-after') {
    write(bytes)
    conn.cut('fault injection: cut after ' + packet.cmd.toUpperCase())
    return
  }
  const later = () => {
    if (conn.state !== 'closed') write(bytes)
  }
  if ('delayMs' in fault) setTimeout(later, fault.delayMs).unref()
  else void fault.until.then(later, later)
}

/** Handles an inbound packet as the policy says; a held packet also holds every packet after it. */
export function handleWithFault(conn: Connection, packet: Packet, handle: () => void | Promise<void>): void | Promise<void> {
  const decide = conn.ctx.policy.onPacketIn
  if (decide === undefined || conn.info.clientId === '') return handle()
  const fault = decide.call(conn.ctx.policy, conn.info, packet as { cmd: string; messageId?: number })
  if (fault === 'send') return handle()
  report(conn, 'in', packet, fault)
  if (fault === 'drop') return
  if (fault === 'duplicate') {
    const first = handle()
    return first instanceof Promise ? first.then(() => handle()) : handle()
  }
  if (fault === 'cut-after') {
    const done = handle()
    const cut = () => conn.cut('fault injection: cut after ' + packet.cmd.toUpperCase())
    if (done instanceof Promise) return done.then(cut)
    cut()
    return
  }
  const wait = 'delayMs' in fault ? new Promise<void>((r) => setTimeout(r, fault.delayMs).unref()) : fault.until.catch(() => undefined)
  return wait.then(() => (conn.state === 'closed' ? undefined : handle()))
}

function report(conn: Connection, direction: 'in' | 'out', packet: Packet, fault: PacketFault): void {
  const name = typeof fault === 'string' ? fault : 'delayMs' in fault ? `delay ${fault.delayMs} ms` : 'held'
  const packetId = (packet as { messageId?: number }).messageId ?? null
  conn.ctx.notify('faultApplied', { clientId: conn.info.clientId, direction, cmd: packet.cmd, packetId, fault: name })
}
