// Cuts a socket's byte stream into whole MQTT packets by reading the fixed header only, so the size limit is
// enforced before any body byte is kept. Knows nothing about packet contents: mqtt-codec.ts parses the frames.
import { ProtocolError, REASON_CODE } from './protocol-error'

/** The Remaining Length is a Variable Byte Integer of at most 4 bytes (MQTT 5 §1.5.5, v3.1.1 §2.2.3). */
const MAX_LENGTH_BYTES = 4
/** First allocation for a packet that spans chunks; grown by doubling up to the declared packet size. */
const MIN_ASSEMBLY_BYTES = 256
const EMPTY = Buffer.alloc(0)

/** One complete packet: fixed header included. */
export interface Frame {
  /** The whole packet. May share memory with the chunk it came from. */
  readonly bytes: Buffer
  /** Size of the fixed header (type byte plus 1–4 Remaining Length bytes). */
  readonly headerBytes: number
}

type Header = { headerBytes: number; remainingLength: number }

/**
 * Reads the fixed header at `buf[start..end)`: `null` when more bytes are needed, a ProtocolError when the
 * Remaining Length would need a 5th byte. Non-minimal encodings (0x80 0x00) are accepted, as mqtt-packet does;
 * [MQTT-1.5.5-1] only asks senders for the shortest form.
 */
function readFixedHeader(buf: Buffer, start: number, end: number): Header | ProtocolError | null {
  let value = 0
  let multiplier = 1
  for (let i = 1; i <= MAX_LENGTH_BYTES; i++) {
    if (start + i >= end) return null
    const byte = buf[start + i]!
    value += (byte & 0x7f) * multiplier
    if ((byte & 0x80) === 0) return { headerBytes: i + 1, remainingLength: value }
    multiplier *= 0x80
  }
  return new ProtocolError(REASON_CODE.MALFORMED_PACKET,
    'Malformed packet: the Remaining Length continues past its 4th byte (MQTT 5 §1.5.5, v3.1.1 §2.2.3)')
}

/**
 * Turns appended chunks into {@link Frame}s, one per `next()` call. A packet that arrives whole inside a chunk
 * is handed out as a view of that chunk (no copy); a packet split across chunks is assembled in a buffer that
 * grows with what has arrived, never with what was declared. Memory held: at most one partial packet, which
 * is never larger than `maxPacketBytes`.
 */
export class PacketFramer {
  private readonly inputs: Buffer[] = []
  private inputPos = 0 // read position inside inputs[0]
  private partial: Buffer = EMPTY // bytes of a packet split across chunks
  private partialLength = 0
  private header: Header | null = null // of the partial packet, once known

  /** @param maxPacketBytes limit on the whole packet, fixed header included (like MQTT 5 Maximum Packet Size). */
  constructor(private readonly maxPacketBytes: number) {}

  /** Queues a chunk; `next()` consumes it. */
  append(chunk: Buffer): void {
    if (chunk.length > 0) this.inputs.push(chunk)
  }

  /**
   * The next complete packet, `null` when more bytes are needed, or a ProtocolError (0x81 for a 5-byte
   * Remaining Length, 0x95 for a packet over the limit) as soon as the fixed header shows it. After an error
   * the caller must stop and may call `clear()`.
   */
  next(): Frame | ProtocolError | null {
    for (;;) {
      const chunk = this.inputs[0]
      if (chunk === undefined) return null
      const result = this.partialLength === 0 ? this.fromChunk(chunk) : this.fromPartial()
      if (result !== null) return result
    }
  }

  /** Drops everything buffered (used once the decoder has failed). */
  clear(): void {
    this.inputs.length = 0
    this.inputPos = 0
    this.partial = EMPTY
    this.partialLength = 0
    this.header = null
  }

  /** Fast path: a packet that starts at the read position of `chunk`. */
  private fromChunk(chunk: Buffer): Frame | ProtocolError | null {
    const header = readFixedHeader(chunk, this.inputPos, chunk.length)
    if (header instanceof ProtocolError) return header
    if (header !== null) {
      const tooLarge = this.checkSize(header)
      if (tooLarge !== null) return tooLarge
      const total = header.headerBytes + header.remainingLength
      if (chunk.length - this.inputPos >= total) {
        const bytes = chunk.subarray(this.inputPos, this.inputPos + total)
        this.consumeInput(total)
        return { bytes, headerBytes: header.headerBytes }
      }
    }
    // The packet continues in a later chunk: keep what we have (bounded by the checked size).
    this.header = header
    this.copyIntoPartial(chunk, chunk.length - this.inputPos)
    return null
  }

  /** Slow path: continue the packet held in `partial` with the queued chunks. */
  private fromPartial(): Frame | ProtocolError | null {
    while (this.header === null) {
      const chunk = this.inputs[0]
      if (chunk === undefined) return null
      this.copyIntoPartial(chunk, 1)
      const header = readFixedHeader(this.partial, 0, this.partialLength)
      if (header instanceof ProtocolError) return header
      if (header !== null) {
        const tooLarge = this.checkSize(header)
        if (tooLarge !== null) return tooLarge
        this.header = header
      }
    }
    const total = this.header.headerBytes + this.header.remainingLength
    const chunk = this.inputs[0]
    if (chunk !== undefined && this.partialLength < total) {
      this.copyIntoPartial(chunk, Math.min(total - this.partialLength, chunk.length - this.inputPos))
    }
    if (this.partialLength < total) return null
    // Hand the buffer over: the packet's payload may point into it, so it is never reused.
    const frame = { bytes: this.partial.subarray(0, total), headerBytes: this.header.headerBytes }
    this.partial = EMPTY
    this.partialLength = 0
    this.header = null
    return frame
  }

  private checkSize(header: Header): ProtocolError | null {
    const total = header.headerBytes + header.remainingLength
    if (total <= this.maxPacketBytes) return null
    return new ProtocolError(REASON_CODE.PACKET_TOO_LARGE,
      `Packet too large: the fixed header declares ${total} bytes, the limit is ${this.maxPacketBytes}`)
  }

  /** Moves `count` bytes from the read position of inputs[0] into `partial`, growing it geometrically. */
  private copyIntoPartial(chunk: Buffer, count: number): void {
    const needed = this.partialLength + count
    if (needed > this.partial.length) {
      const cap = this.header === null ? MAX_LENGTH_BYTES + 1 : this.header.headerBytes + this.header.remainingLength
      const grown = Buffer.allocUnsafe(Math.min(cap, Math.max(needed, this.partial.length * 2, MIN_ASSEMBLY_BYTES)))
      this.partial.copy(grown, 0, 0, this.partialLength)
      this.partial = grown
    }
    chunk.copy(this.partial, this.partialLength, this.inputPos, this.inputPos + count)
    this.partialLength += count
    this.consumeInput(count)
  }

  private consumeInput(count: number): void {
    this.inputPos += count
    if (this.inputPos >= this.inputs[0]!.length) {
      this.inputs.shift()
      this.inputPos = 0
    }
  }
}
