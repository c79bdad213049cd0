// A byte-level MQTT client for broker tests: sends packets (encoded by mqtt-packet) or raw bytes over a
// real TCP socket on 127.0.0.1, and waits for the next packet with a timeout. No MQTT library logic.
import { connect, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import * as mqtt from 'mqtt-packet'

export interface RawClient {
  socket: Socket
  /** Encodes and sends a packet in this client's protocol version. */
  send(packet: Record<string, unknown>): void
  sendBytes(bytes: Uint8Array): void
  /** The next packet received (optionally the next of a given cmd), or a rejection after `timeoutMs`. */
  next(cmd?: string, timeoutMs?: number): Promise<mqtt.Packet & Record<string, unknown>>
  /** Resolves true if no packet arrives within `ms`. */
  silentFor(ms: number): Promise<boolean>
  /** All packets received so far and not yet taken by next(). */
  received: Array<mqtt.Packet & Record<string, unknown>>
  /** Resolves when the broker closes the socket. */
  closed: Promise<void>
  end(): void
}

/** Opens a TCP connection to the broker; `version` decides how packets are encoded and parsed. */
export function rawClient(port: number, version: 3 | 4 | 5 = 4, host = '127.0.0.1'): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host)
    socket.once('error', reject)
    socket.once('connect', () => resolve(rawClientOver(socket, version)))
  })
}

/** The same client over any connected stream (a TLS socket, a WebSocket stream). */
export function rawClientOver(stream: Duplex, version: 3 | 4 | 5 = 4): RawClient {
  const socket = stream as Socket
  const parser = mqtt.parser({ protocolVersion: version })
  const received: Array<mqtt.Packet & Record<string, unknown>> = []
  const waiters: Array<{ cmd?: string; resolve(p: mqtt.Packet & Record<string, unknown>): void }> = []
  parser.on('packet', (packet) => {
    const p = packet as mqtt.Packet & Record<string, unknown>
    const i = waiters.findIndex((w) => w.cmd === undefined || w.cmd === p.cmd)
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(p)
    else received.push(p)
  })
  parser.on('error', (err) => stream.destroy(err))
  stream.on('data', (d: Buffer) => parser.parse(d))
  stream.on('error', () => undefined)
  const closed = new Promise<void>((r) => stream.once('close', () => r()))
  return {
    socket,
    received,
    closed,
    send: (packet) => void stream.write(mqtt.generate(packet as unknown as mqtt.Packet, { protocolVersion: version })),
    sendBytes: (bytes) => void stream.write(bytes),
    next: (cmd, timeoutMs = 3000) => {
      const i = received.findIndex((p) => cmd === undefined || p.cmd === cmd)
      if (i >= 0) return Promise.resolve(received.splice(i, 1)[0]!)
      return new Promise((res, rej) => {
        const timer = setTimeout(() => {
          // A timed-out waiter must not swallow the next packet of its kind.
          const j = waiters.indexOf(waiter)
          if (j >= 0) waiters.splice(j, 1)
          rej(new Error(`no ${cmd ?? 'packet'} within ${timeoutMs} ms (got: ${received.map((p) => p.cmd).join(', ') || 'nothing'})`))
        }, timeoutMs)
        const waiter = { cmd, resolve: (p: mqtt.Packet & Record<string, unknown>) => { clearTimeout(timer); res(p) } }
        waiters.push(waiter)
        void closed.then(() => {
          const j = waiters.indexOf(waiter)
          if (j >= 0) { waiters.splice(j, 1); clearTimeout(timer); rej(new Error(`socket closed while waiting for ${cmd ?? 'a packet'}`)) }
        })
      })
    },
    silentFor: (ms) => new Promise((res) => {
      const before = received.length
      setTimeout(() => res(received.length === before), ms)
    }),
    end: () => void stream.end(),
  }
}

/** Connects and completes CONNECT/CONNACK; returns the client and the CONNACK. */
export async function connectedClient(port: number, opts: { clientId: string; version?: 3 | 4 | 5; clean?: boolean; keepalive?: number; properties?: Record<string, unknown>; will?: Record<string, unknown>; username?: string; password?: Buffer }): Promise<{ client: RawClient; connack: Record<string, unknown> }> {
  const version = opts.version ?? 4
  const client = await rawClient(port, version)
  client.send({
    cmd: 'connect', protocolId: version === 3 ? 'MQIsdp' : 'MQTT', protocolVersion: version, clientId: opts.clientId,
    clean: opts.clean ?? true, keepalive: opts.keepalive ?? 0,
    ...(opts.properties ? { properties: opts.properties } : {}), ...(opts.will ? { will: opts.will } : {}),
    ...(opts.username !== undefined ? { username: opts.username } : {}), ...(opts.password !== undefined ? { password: opts.password } : {}),
  })
  const connack = await client.next('connack')
  return { client, connack }
}
