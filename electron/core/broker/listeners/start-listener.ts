// Opens one listener (TCP, TLS, WebSocket or secure WebSocket) and hands each connection to the broker.
// A busy port or a bad address becomes a sentence the user can act on, never a crash.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net'
import { createServer as createTlsServer, type TLSSocket } from 'node:tls'
import { WebSocketServer, createWebSocketStream } from 'ws'
import { AppFailure } from '../../support/app-failure'
import type { Broker } from '../broker'
import type { ListenerConfig } from '../config/broker-config'

export interface RunningListener {
  /** e.g. "mqtt://127.0.0.1:1883" or "ws://127.0.0.1:8080/mqtt" */
  url: string
  /** What connections it accepted carry as ClientInfo.listener, e.g. "mqtt 127.0.0.1:1883". */
  name: string
  port: number
  config: ListenerConfig
  close(): Promise<void>
}

/** Starts listening; rejects with AppFailure('port-in-use', …) naming the port. */
export async function startListener(broker: Broker, config: ListenerConfig): Promise<RunningListener> {
  const secure = config.tls !== null
  const scheme = config.protocol === 'websockets' ? (secure ? 'wss' : 'ws') : secure ? 'mqtts' : 'mqtt'
  let port = config.port
  const name = () => `${scheme} ${config.host}:${port}`
  const sockets = new Set<{ destroy(): void }>()
  const track = <T extends { destroy(): void; once(e: 'close', f: () => void): unknown }>(s: T): T => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
    return s
  }
  const address = (s: Socket) => `${s.remoteAddress ?? '?'}:${s.remotePort ?? '?'}`
  const commonName = (s: Socket): string | null => {
    if (config.tls?.useIdentityAsUsername !== true) return null
    const cert = (s as TLSSocket).getPeerCertificate?.()
    return typeof cert?.subject?.CN === 'string' ? cert.subject.CN : null
  }

  let server: NetServer | HttpServer
  let wss: WebSocketServer | null = null
  const tlsOptions = config.tls === null ? null : {
    cert: config.tls.cert, key: config.tls.key, ...(config.tls.ca !== null ? { ca: config.tls.ca } : {}),
    requestCert: config.tls.requireCertificate || config.tls.useIdentityAsUsername,
    rejectUnauthorized: config.tls.requireCertificate,
  }
  if (config.protocol === 'mqtt') {
    const onSocket = (socket: Socket) => {
      track(socket)
      socket.setNoDelay(true) // MQTT packets are small and latency matters more than coalescing
      broker.accept(socket, address(socket), name(), commonName(socket))
    }
    server = tlsOptions === null ? createNetServer(onSocket) : createTlsServer(tlsOptions, onSocket)
    if (tlsOptions !== null) server.on('tlsClientError', (err, socket) => broker.log.warn(`TLS handshake failed from ${address(socket)}: ${err.message}`))
  } else {
    const http = tlsOptions === null ? createHttpServer() : createHttpsServer(tlsOptions)
    http.on('request', (_req, res) => res.writeHead(426, { 'Content-Type': 'text/plain' }).end(`This is an MQTT over WebSocket endpoint: connect to ${config.wsPath} with the 'mqtt' subprotocol.\n`))
    // MQTT over WebSocket uses the "mqtt" subprotocol [MQTT-6.0.0-3]; older clients send "mqttv3.1".
    wss = new WebSocketServer({
      server: http, path: config.wsPath, maxPayload: broker.limits.maxPacketBytes + 8,
      handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : protocols.has('mqttv3.1') ? 'mqttv3.1' : false),
    })
    wss.on('connection', (ws, req) => {
      const socket = req.socket
      const stream = createWebSocketStream(ws)
      track(stream)
      broker.accept(stream, address(socket), name(), commonName(socket))
    })
    wss.on('error', (err) => broker.log.warn(`WebSocket listener error: ${err.message}`))
    server = http
  }
  server.on('connection', (s: Socket) => track(s))

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(translate(err, config))
    server.once('error', onError)
    server.listen(config.port, config.host, () => {
      server.off('error', onError)
      server.on('error', (err) => broker.log.error(`Listener ${name()} failed`, err))
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host
  return {
    url: `${scheme}://${shownHost}:${port}${config.protocol === 'websockets' ? config.wsPath : ''}`,
    name: name(),
    port,
    config,
    close: () => new Promise<void>((resolve) => {
      wss?.close()
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    }),
  }
}

function translate(err: NodeJS.ErrnoException, config: ListenerConfig): AppFailure {
  const what = config.protocol === 'websockets' ? 'MQTT WebSocket' : config.tls !== null ? 'MQTT TLS' : 'MQTT'
  switch (err.code) {
    case 'EADDRINUSE':
      return new AppFailure('port-in-use', `Port ${config.port} is in use (${what} listener): pick another port or stop the other broker`)
    case 'EACCES':
      return new AppFailure('port-in-use', `Port ${config.port} needs administrator rights (${what} listener): pick one above 1023`)
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new AppFailure('bad-request', `Cannot listen on ${config.host}: this machine has no such address (${what} listener)`)
    default:
      return new AppFailure('internal', `Cannot start the ${what} listener on ${config.host}:${config.port}: ${err.message}`)
  }
}
