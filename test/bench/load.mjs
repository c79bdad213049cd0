// The bench's load generator: MQTT 3.1.1 over raw node:net sockets with mqtt-packet (generate + parser),
// no MQTT library. Subscribers acknowledge at once; publishers pipeline with a bounded window of
// unacknowledged QoS 1/2 messages. Writes are batched: one socket write per incoming chunk or per batch.
import { connect } from 'node:net'
import mqtt from 'mqtt-packet'

const PROTOCOL_VERSION = 4
const CONNECT_TIMEOUT_MS = 15_000
const QOS0_BATCH_PACKETS = 256 // PUBLISH packets per socket write when nothing limits the sender but TCP
// First bytes of the 4-byte acknowledgments (type << 4 | flags; remaining length 2) [MQTT-2.2.2-1].
const PUBACK = 0x40
const PUBREC = 0x50
const PUBREL = 0x62
const PUBCOMP = 0x70
const TYPE_PUBLISH = 3
const TYPE_PUBACK = 4
const TYPE_PUBREC = 5
const TYPE_PUBREL = 6
const TYPE_PUBCOMP = 7

/** 16-bit packet identifier for the n-th message (never 0); a window ≤ 1000 never reuses one still in flight. */
export const packetIdOf = (n) => (n % 65_535) + 1

/**
 * One client connection. Set `onPublish(buf, payloadStart, payloadEnd)`, `onAck(cmd, id)` and `afterData()` to
 * take part in a scenario. The QoS flow packets (PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP) are framed and read
 * here without building objects, so that the clients, which share a 2-core machine with the broker, stay
 * cheaper than the broker; every other packet (CONNACK, SUBACK…) goes to mqtt-packet's parser.
 */
export class BenchClient {
  constructor(socket, clientId) {
    this.socket = socket
    this.clientId = clientId
    this.parser = mqtt.parser({ protocolVersion: PROTOCOL_VERSION })
    this.out = []
    this.acks = [] // (first byte << 16) | packet id, written as one buffer by flush()
    this.rest = null // bytes of an incomplete packet from the previous chunk
    this.closed = false
    this.sessionPresent = false // CONNACK's Session Present flag
    this.onPublish = null
    this.onAck = null
    this.afterData = null
    this.waiters = []
    this.parser.on('packet', (p) => this.control(p))
    this.parser.on('error', (err) => socket.destroy(err))
    socket.on('data', (chunk) => {
      this.frame(chunk)
      this.afterData?.()
      this.flush()
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      this.closed = true
      for (const w of this.waiters.splice(0)) w.reject(new Error(`${clientId}: connection closed while waiting for ${w.cmd}`))
    })
  }

  /** Splits a chunk into packets (Remaining Length is a 1–4 byte varint [MQTT-2.2.3]); keeps an incomplete tail. */
  frame(chunk) {
    let buf = chunk
    if (this.rest !== null) {
      buf = Buffer.concat([this.rest, chunk])
      this.rest = null
    }
    let pos = 0
    while (pos < buf.length) {
      let len = 0
      let mul = 1
      let i = pos + 1
      let complete = false
      while (i < buf.length && i <= pos + 4) {
        const b = buf[i++]
        len += (b & 0x7f) * mul
        mul *= 128
        if ((b & 0x80) === 0) { complete = true; break }
      }
      if (!complete || i + len > buf.length) break
      this.packet(buf, pos, i, i + len)
      pos = i + len
    }
    if (pos < buf.length) this.rest = buf.subarray(pos)
  }

  /** One complete packet: buf[start] is the fixed header's first byte, body is buf[body..end). */
  packet(buf, start, body, end) {
    const first = buf[start]
    const type = first >> 4
    if (type === TYPE_PUBLISH) {
      const qos = (first >> 1) & 3
      let p = body + 2 + buf.readUInt16BE(body)
      if (qos > 0) {
        const id = buf.readUInt16BE(p)
        p += 2
        this.acks.push(((qos === 1 ? PUBACK : PUBREC) << 16) | id)
      }
      this.onPublish?.(buf, p, end)
    } else if (type === TYPE_PUBREL) {
      this.acks.push((PUBCOMP << 16) | buf.readUInt16BE(body)) // we received a QoS 2 message
    } else if (type === TYPE_PUBREC) {
      this.acks.push((PUBREL << 16) | buf.readUInt16BE(body)) // we sent a QoS 2 message
    } else if (type === TYPE_PUBACK || type === TYPE_PUBCOMP) {
      this.onAck?.(type === TYPE_PUBACK ? 'puback' : 'pubcomp', buf.readUInt16BE(body))
    } else {
      this.parser.parse(buf.subarray(start, end))
    }
  }

  control(p) {
    const i = this.waiters.findIndex((w) => w.cmd === p.cmd)
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve(p)
  }

  /** Writes everything queued since the last flush as one buffer; false when the socket asks to wait for 'drain'. */
  flush() {
    if (this.acks.length > 0) {
      const b = Buffer.allocUnsafe(this.acks.length * 4)
      for (let k = 0; k < this.acks.length; k++) {
        const a = this.acks[k]
        b[k * 4] = a >>> 16
        b[k * 4 + 1] = 2
        b.writeUInt16BE(a & 0xffff, k * 4 + 2)
      }
      this.acks.length = 0
      this.out.push(b)
    }
    if (this.out.length === 0 || this.closed) return true
    const bytes = this.out.length === 1 ? this.out[0] : Buffer.concat(this.out)
    this.out = []
    return this.socket.write(bytes)
  }

  send(packet) {
    this.out.push(mqtt.generate(packet, { protocolVersion: PROTOCOL_VERSION }))
    return this.flush()
  }

  next(cmd, timeoutMs = CONNECT_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.clientId}: no ${cmd} within ${timeoutMs} ms`)), timeoutMs)
      this.waiters.push({ cmd, resolve: (p) => { clearTimeout(timer); resolve(p) }, reject: (e) => { clearTimeout(timer); reject(e) } })
    })
  }

  async subscribe(topicFilter, qos) {
    const reply = this.next('suback')
    this.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: topicFilter, qos }] })
    const suback = await reply
    if (suback.granted[0] !== qos) throw new Error(`${this.clientId}: SUBACK granted ${suback.granted[0]} for '${topicFilter}', asked for QoS ${qos}`)
  }

  /** Resolves on 'drain', on close, or after `timeoutMs`, whichever comes first. */
  waitDrain(timeoutMs) {
    return new Promise((res) => {
      if (this.closed) return res()
      const done = () => { clearTimeout(timer); this.socket.off('close', done); this.socket.off('drain', done); res() }
      const timer = setTimeout(done, Math.max(0, timeoutMs))
      this.socket.once('drain', done)
      this.socket.once('close', done)
    })
  }

  /** DISCONNECT, then close; resolves when the socket is gone (or after a second). */
  close() {
    if (this.closed) return Promise.resolve()
    return new Promise((res) => {
      const timer = setTimeout(() => { this.socket.destroy(); res() }, 1000)
      this.socket.once('close', () => { clearTimeout(timer); res() })
      this.socket.end(mqtt.generate({ cmd: 'disconnect' }, { protocolVersion: PROTOCOL_VERSION }))
    })
  }
}

/**
 * Opens a TCP connection and completes CONNECT/CONNACK; rejects on refusal or timeout. `clean: false` asks for
 * a persistent session (3.1.1 CleanSession=0: the broker keeps it, and what is queued for it, after DISCONNECT);
 * the CONNACK's Session Present flag is then in `client.sessionPresent`.
 */
export function openClient(port, clientId, { keepalive = 60, clean = true } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true })
    const client = new BenchClient(socket, clientId)
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`${clientId}: no CONNACK within ${CONNECT_TIMEOUT_MS} ms`)) }, CONNECT_TIMEOUT_MS)
    socket.once('error', (err) => { clearTimeout(timer); reject(new Error(`${clientId}: ${err.message}`)) })
    socket.once('connect', () => {
      client.next('connack').then((connack) => {
        clearTimeout(timer)
        if (connack.returnCode !== 0) {
          socket.destroy()
          reject(new Error(`${clientId}: CONNACK return code ${connack.returnCode}`))
        } else {
          client.sessionPresent = connack.sessionPresent === true
          resolve(client)
        }
      }, (err) => { clearTimeout(timer); reject(err) })
      client.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: PROTOCOL_VERSION, clientId, clean, keepalive })
    })
  })
}

/** Opens `count` clients, at most `concurrency` handshakes at a time; failures are counted, not thrown. */
export async function openMany(port, count, { prefix, concurrency = count, keepalive = 60 }) {
  const clients = []
  const errors = []
  let nextIndex = 0
  const worker = async () => {
    while (nextIndex < count) {
      const i = nextIndex++
      try {
        clients.push(await openClient(port, `${prefix}-${i}`, { keepalive }))
      } catch (err) {
        errors.push(err.message)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return { clients, errors }
}

export function closeAll(clients) {
  return Promise.all(clients.map((c) => c.close()))
}

/** One encoded PUBLISH and where its packet identifier sits, so copies can be patched instead of re-encoded. */
export function publishTemplate(topicName, payload, qos) {
  const bytes = mqtt.generate({ cmd: 'publish', topic: topicName, payload, qos, messageId: qos > 0 ? 0xabcd : undefined, retain: false, dup: false })
  let idOffset = -1
  if (qos > 0) {
    let lengthBytes = 1
    while (bytes[lengthBytes] & 0x80) lengthBytes++
    idOffset = 1 + lengthBytes + 2 + Buffer.byteLength(topicName)
    if (bytes.readUInt16BE(idOffset) !== 0xabcd) throw new Error('publishTemplate: packet identifier not where expected')
  }
  return { bytes, idOffset }
}

/**
 * Publishes `count` messages as fast as the broker takes them. QoS 0: batches, paced only by TCP backpressure.
 * QoS 1/2: at most `window` messages unacknowledged (PUBACK, or PUBCOMP for QoS 2). Stops at `deadline`
 * (epoch ms). Resolves when everything is sent (QoS 0) or acknowledged (QoS 1/2), or at the deadline.
 */
export function publishPipelined(client, { topicName, payload, qos, count, window = 1000, deadline }) {
  const tpl = publishTemplate(topicName, payload, qos)
  const result = { sent: 0, acked: 0, lastAckAt: 0, timedOut: false }
  if (qos === 0) return publishQos0(client, tpl.bytes, count, deadline, result)
  return new Promise((resolve) => {
    const size = tpl.bytes.length
    const topUp = () => {
      const n = Math.min(window - (result.sent - result.acked), count - result.sent)
      if (n <= 0) return
      const batch = Buffer.allocUnsafe(n * size)
      for (let k = 0; k < n; k++) {
        tpl.bytes.copy(batch, k * size)
        batch.writeUInt16BE(packetIdOf(result.sent++), k * size + tpl.idOffset)
      }
      client.out.push(batch)
    }
    const finalCmd = qos === 1 ? 'puback' : 'pubcomp'
    const timer = setTimeout(() => { result.timedOut = true; finish() }, Math.max(0, deadline - Date.now()))
    const finish = () => { clearTimeout(timer); client.onAck = null; client.afterData = null; resolve(result) }
    client.onAck = (cmd) => {
      if (cmd !== finalCmd) return
      result.acked++
      result.lastAckAt = performance.now()
      if (result.acked === count) finish()
    }
    client.afterData = topUp // refill the window once per received chunk, not once per ack
    topUp()
    client.flush()
  })
}

async function publishQos0(client, bytes, count, deadline, result) {
  const batch = Buffer.concat(Array(QOS0_BATCH_PACKETS).fill(bytes)) // identical packets: one buffer, written many times
  while (result.sent < count && !client.closed) {
    if (Date.now() > deadline) { result.timedOut = true; break }
    const n = Math.min(QOS0_BATCH_PACKETS, count - result.sent)
    const ok = client.socket.write(n === QOS0_BATCH_PACKETS ? batch : batch.subarray(0, n * bytes.length))
    result.sent += n
    if (!ok) await client.waitDrain(deadline - Date.now())
  }
  result.acked = result.sent
  return result
}

/** A payload of `bytes` bytes whose first 8 hold performance.now() at the time of the call (for latency). */
export function stampedPayload(bytes) {
  const b = Buffer.alloc(bytes)
  b.writeDoubleLE(performance.now(), 0)
  return b
}

/** Counts messages received by a set of subscribers; `lastAt` is performance.now() of the latest one. */
export function countDeliveries(subscribers, onEach = null) {
  const state = { received: 0, lastAt: 0 }
  for (const s of subscribers) {
    s.onPublish = (buf, payloadStart) => {
      state.received++
      state.lastAt = performance.now()
      onEach?.(buf, payloadStart)
    }
  }
  return state
}

/**
 * Resolves when `done()` holds, when nothing new arrived for `idleMs` after `settled()` holds (the rest is lost),
 * or at `deadline` (epoch ms). Polls; the exact end time comes from the counters' own timestamps.
 */
export async function waitFor({ done, progress, settled = () => true, idleMs = 2000, deadline, pollMs = 10 }) {
  let last = progress()
  let lastChange = Date.now()
  for (;;) {
    if (done()) return 'done'
    const now = Date.now()
    if (now > deadline) return 'deadline'
    const p = progress()
    if (p !== last) { last = p; lastChange = now }
    else if (settled() && now - lastChange > idleMs) return 'idle'
    await new Promise((r) => setTimeout(r, pollMs))
  }
}
