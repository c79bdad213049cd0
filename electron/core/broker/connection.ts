// One client socket: bytes → decoder → packets handled in arrival order → handlers; writes with
// backpressure; keep-alive; and fail() as the single place a protocol error ends a connection.
import type { Duplex } from 'node:stream'
import { createDecoder, encodePacket, ProtocolError, type Packet, type PacketDecoder, type ProtocolVersion } from '../codec/mqtt-codec'
import type { BrokerContext } from './broker-context'
import type { ClientInfo } from './hooks'
import type { BrokerMessage, Delivery } from './message'
import type { Session } from './session'
import { dispatchPacket } from './handlers/dispatch'
import { buildOutgoingPublish, sharedQos0Encoding } from './outgoing-publish'
import { pumpSession } from './session-delivery'
import { flowStepOf } from './flow-steps'
import { handleWithFault, writeWithFault } from './packet-faults'

/** A will as received in CONNECT, waiting for an abnormal end of the connection. */
export interface PendingWill {
  message: BrokerMessage
  delaySeconds: number
}

/** Limits the client asked for in CONNECT (v5), applied to what we send it. */
export interface ClientLimits {
  /** How many QoS 1/2 PUBLISH may await acknowledgment [MQTT-3.3.4-7]. */
  receiveMaximum: number
  /** 0 = no limit [MQTT-3.1.2-24]. */
  maxPacketBytes: number
  topicAliasMaximum: number
}

type ConnectionState = 'awaiting-connect' | 'connecting' | 'connected' | 'closed'

export class Connection {
  state: ConnectionState = 'awaiting-connect'
  info: ClientInfo
  session: Session | null = null
  will: PendingWill | null = null
  keepAliveSeconds = 0
  clientLimits: ClientLimits = { receiveMaximum: 65_535, maxPacketBytes: 0, topicAliasMaximum: 0 }
  /** Topic aliases the client set up towards us [MQTT-3.3.2-…]. */
  readonly inboundAliases = new Map<number, string>()
  /** Topic aliases we set up towards the client. */
  readonly outboundAliases = new Map<string, number>()
  /** True while the socket holds more than maxSocketBufferBytes unsent: deliveries wait in the session queue. */
  congested = false
  readonly connectedAt: number
  private readonly decoder: PacketDecoder
  private readonly pending: Packet[] = []
  private pendingHead = 0
  private busy = false
  private lastActivity: number
  private keepAliveTimer: NodeJS.Timeout | null = null
  private connectTimer: NodeJS.Timeout | null
  private drainTimer: NodeJS.Timeout | null = null
  private corked = false

  /**
   * Writes corked until the end of the tick: the packets one batch of input produces (acks, deliveries)
   * leave in one system call and one TCP segment instead of one each (the bench's biggest cost).
   */
  private readonly write = (bytes: Buffer): void => {
    if (!this.corked) {
      this.corked = true
      this.socket.cork()
      process.nextTick(this.uncork)
    }
    this.socket.write(bytes)
  }

  private readonly uncork = (): void => {
    this.corked = false
    this.socket.uncork()
  }

  constructor(readonly socket: Duplex, readonly ctx: BrokerContext, address: string, listener: string, certificateCommonName: string | null) {
    this.connectedAt = ctx.now()
    this.lastActivity = this.connectedAt
    this.info = { clientId: '', username: null, address, protocolVersion: 4, listener, certificateCommonName }
    this.decoder = createDecoder({
      maxPacketBytes: ctx.limits.maxPacketBytes,
      onPacket: (packet) => this.enqueue(packet),
      onError: (err) => this.fail(err),
    })
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (err) => this.ctx.log.warn(`Socket error from ${address}${this.info.clientId ? ` (${this.info.clientId})` : ''}: ${err.message}`))
    socket.on('close', () => this.onClose())
    socket.on('end', () => socket.end())
    // Idle sockets that never send CONNECT would otherwise hold a slot forever.
    this.connectTimer = setTimeout(() => {
      if (this.state === 'awaiting-connect') this.destroy(`no CONNECT within ${ctx.limits.connectTimeoutMs} ms`)
    }, ctx.limits.connectTimeoutMs)
    this.connectTimer.unref()
  }

  /** The protocol level learnt from CONNECT (4 until then). */
  get protocolVersion(): ProtocolVersion {
    return this.decoder.protocolVersion ?? 4
  }

  /** QoS 1/2 deliveries this connection may have unacknowledged at once. */
  get sendWindow(): number {
    return this.protocolVersion === 5 ? this.clientLimits.receiveMaximum : this.ctx.limits.maxInflightMessages
  }

  private onData(chunk: Buffer): void {
    this.lastActivity = this.ctx.now()
    this.ctx.counters.bytesReceived += chunk.length
    if (this.session !== null) this.session.counters.bytesIn += chunk.length
    this.decoder.push(chunk)
  }

  /** Packets run in arrival order; an async step (authentication) pauses reading until it is done. */
  private enqueue(packet: Packet): void {
    if (this.state === 'closed') return
    if (this.busy) {
      this.pending.push(packet)
      return
    }
    this.run(packet)
  }

  private run(first: Packet): void {
    let packet: Packet | undefined = first
    while (packet !== undefined && this.state !== 'closed') {
      const result = this.handle(packet)
      if (result instanceof Promise) {
        this.busy = true
        this.socket.pause()
        result.then(() => this.resumeAfterAsync(), (err: unknown) => {
          this.ctx.log.error(`Handler failed for ${this.info.clientId || this.info.address}`, err)
          this.fail(new ProtocolError(0x80, 'Unexpected error while handling a packet'))
        })
        return
      }
      packet = this.nextPending()
    }
  }

  private resumeAfterAsync(): void {
    this.busy = false
    if (this.state === 'closed') return
    this.socket.resume()
    const next = this.nextPending()
    if (next !== undefined) this.run(next)
  }

  private nextPending(): Packet | undefined {
    if (this.pendingHead >= this.pending.length) {
      this.pending.length = 0
      this.pendingHead = 0
      return undefined
    }
    return this.pending[this.pendingHead++]
  }

  private handle(packet: Packet): void | Promise<void> {
    this.ctx.notify('packetIn', this.info, packet as never, (packet as { length?: number }).length ?? 0)
    return handleWithFault(this, packet, () => {
      this.noteFlow(packet, 'in')
      return dispatchPacket(this, packet)
    })
  }

  private noteFlow(packet: Packet, direction: 'in' | 'out'): void {
    if (!this.ctx.observes('flowStep')) return // no object per packet when nobody watches flow steps
    const step = flowStepOf(this.info.clientId, packet, direction, this.ctx.now())
    if (step !== null) this.ctx.notify('flowStep', step)
  }

  /** Encodes and writes one packet; returns false when it was not sent (closed, or too large for the client). */
  send(packet: Packet, encoded?: Buffer): boolean {
    if (this.state === 'closed') return false
    let bytes = encoded ?? encodePacket(packet, this.protocolVersion)
    const max = this.clientLimits.maxPacketBytes
    if (max > 0 && bytes.length > max) {
      if (packet.cmd === 'publish') return false
      // [MQTT-3.1.2-25]: drop the optional Reason String and User Properties rather than exceed the client's limit.
      const trimmed = { ...packet, properties: undefined } as Packet
      bytes = encodePacket(trimmed, this.protocolVersion)
      if (bytes.length > max) return false
    }
    this.ctx.counters.bytesSent += bytes.length
    if (this.session !== null) this.session.counters.bytesOut += bytes.length
    this.ctx.notify('packetOut', this.info, packet as never, bytes.length)
    this.noteFlow(packet, 'out')
    writeWithFault(this, packet, bytes, this.write)
    if (!this.congested && this.socket.writableLength > this.ctx.limits.maxSocketBufferBytes) this.startCongestion()
    return true
  }

  /** Sends one delivery as PUBLISH (packetId null for QoS 0); false when it was too large for the client. */
  sendPublish(delivery: Delivery, packetId: number | null, dup: boolean): boolean {
    const packet = buildOutgoingPublish(this, delivery, packetId, dup, this.ctx.now())
    const sent = this.send(packet, packetId === null ? sharedQos0Encoding(packet, delivery.message, this.protocolVersion) : undefined)
    if (!sent && packet.topic !== '' && packet.properties?.topicAlias !== undefined) {
      // The alias was never announced: forget it, or later alias-only packets would be unreadable.
      this.outboundAliases.delete(packet.topic)
    }
    if (sent) {
      this.ctx.counters.messagesSent++
      this.ctx.counters.publishSent++
      if (this.session !== null) this.session.counters.messagesOut++
    }
    return sent
  }

  private startCongestion(): void {
    this.congested = true
    this.socket.once('drain', () => {
      this.congested = false
      if (this.drainTimer !== null) clearTimeout(this.drainTimer)
      this.drainTimer = null
      if (this.session !== null && this.state === 'connected') pumpSession(this.session, this)
    })
    // A reader that stopped reading would hold its buffered bytes forever; end it instead.
    this.drainTimer = setTimeout(() => {
      this.ctx.log.warn(`Disconnecting ${this.info.clientId}: its socket did not drain within ${this.ctx.limits.drainTimeoutMs} ms`)
      this.destroy('slow consumer')
    }, this.ctx.limits.drainTimeoutMs)
    this.drainTimer.unref()
  }

  /** Starts keep-alive enforcement: 1.5 × the interval without any packet ends the connection [MQTT-3.1.2-22 (5.0)], [MQTT-3.1.2-24 (3.1.1)]. */
  startKeepAlive(seconds: number): void {
    this.keepAliveSeconds = seconds
    if (this.connectTimer !== null) clearTimeout(this.connectTimer)
    this.connectTimer = null
    if (seconds === 0) return
    const limitMs = seconds * 1500
    const check = () => {
      const idle = this.ctx.now() - this.lastActivity
      if (idle >= limitMs) {
        this.fail(new ProtocolError(0x8d, `Keep alive timeout: nothing received for ${Math.round(idle / 1000)} s (keep-alive ${seconds} s)`))
        return
      }
      this.keepAliveTimer = setTimeout(check, limitMs - idle)
      this.keepAliveTimer.unref()
    }
    this.keepAliveTimer = setTimeout(check, limitMs)
    this.keepAliveTimer.unref()
  }

  /**
   * Ends the connection because of a protocol error: v5 clients get a DISCONNECT with the reason code
   * (after CONNACK only [MQTT-3.14.0-1]), 3.1.1 clients a plain close [MQTT-4.8.0-1]. The will is published.
   */
  fail(err: ProtocolError): void {
    if (this.state === 'closed') return
    this.ctx.notify('protocolError', { clientId: this.info.clientId || null, address: this.info.address, reasonCode: err.reasonCode, message: err.message })
    this.ctx.log.warn(`Closing ${this.info.clientId || 'a client'} (${this.info.address}): ${err.message}`)
    if (this.state === 'awaiting-connect' || this.state === 'connecting') {
      this.refuseConnect(err)
    } else if (this.state === 'connected' && this.protocolVersion === 5) {
      this.send({ cmd: 'disconnect', reasonCode: err.reasonCode, properties: { reasonString: err.message.slice(0, 200) } } as Packet)
    }
    this.close(true)
  }

  /**
   * A CONNECT that could not be accepted: v5 gets a CONNACK with the reason code [MQTT-3.2.2-6 (5.0)];
   * 3.1.1 gets return code 1 for an unsupported protocol level [MQTT-3.1.2-2] and a plain close otherwise.
   */
  private refuseConnect(err: ProtocolError): void {
    const version = this.decoder.protocolVersion
    if (version === 5) {
      this.send({ cmd: 'connack', sessionPresent: false, reasonCode: err.reasonCode, properties: { reasonString: err.message.slice(0, 200) } } as Packet)
    } else if (err.reasonCode === 0x84) {
      this.socket.write(encodePacket({ cmd: 'connack', sessionPresent: false, returnCode: 1 } as Packet, 4))
    }
  }

  /** Sends a v5 DISCONNECT with `reasonCode` (if v5 and connected), then closes; used for takeover and admin actions. */
  disconnect(reasonCode: number, publishWill: boolean): void {
    if (this.state === 'connected' && this.protocolVersion === 5) this.send({ cmd: 'disconnect', reasonCode } as Packet)
    this.close(publishWill)
  }

  /** Closes after flushing what is written; the broker decides about the session and the will. */
  close(publishWill: boolean): void {
    this.end(publishWill, 'flush')
  }

  /** Ends the connection like a network failure (no DISCONNECT, will published): the QoS lab's "cut". */
  cut(reason: string): void {
    if (this.state === 'closed') return
    this.ctx.log.info(`Cutting ${this.info.clientId || this.info.address}: ${reason}`)
    // What was written before the cut still goes out (the packet the cut follows).
    this.end(true, 'flush')
  }

  /** Drops the socket at once (no DISCONNECT): connect timeout, slow consumer. */
  destroy(reason: string): void {
    if (this.state === 'closed') return
    this.ctx.log.info(`Dropping ${this.info.clientId || this.info.address}: ${reason}`)
    this.end(true, 'destroy')
  }

  /** The peer went away without DISCONNECT: an abnormal end, so the will is published [MQTT-3.1.2-8]. */
  private onClose(): void {
    this.end(true, 'none')
  }

  /** The one way a connection ends: stop timers, let the broker settle the session and will, then the socket. */
  private end(publishWill: boolean, socket: 'flush' | 'destroy' | 'none'): void {
    if (this.state === 'closed') return
    const wasConnected = this.state === 'connected'
    this.state = 'closed'
    this.clearTimers()
    if (wasConnected) this.ctx.detach(this, publishWill)
    if (socket === 'destroy') this.socket.destroy()
    if (socket !== 'flush') return
    this.socket.end()
    // end() waits for the peer; do not let a silent peer hold the socket.
    setTimeout(() => this.socket.destroy(), 1000).unref()
  }

  private clearTimers(): void {
    for (const timer of [this.keepAliveTimer, this.connectTimer, this.drainTimer]) if (timer !== null) clearTimeout(timer)
    this.keepAliveTimer = this.connectTimer = this.drainTimer = null
  }
}
