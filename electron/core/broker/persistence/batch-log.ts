// The SQLite store's batch log: an append-only file beside the database (`broker.sqlite-batches`) where
// each group commit is one record. A write() of a few KB costs about 7 µs where an INSERT of the same
// bytes into SQLite costs about 50 µs (measured here), and the broker's thread pays it on every commit.
// The store applies the logged batches to its tables now and then, in a transaction that also records
// the last seq applied, and then empties the file: a crash between the two only makes the next open skip
// records already applied.
//
// File: the 8-byte magic "TSBATCH1", then records: u32 length of the batch, u32 CRC-32 of (seq, batch),
// f64 seq, the batch (batch-codec.ts). A record cut short or failing its CRC at the end of the file is
// a write that never completed (its batch was never acknowledged) and is dropped.
import { closeSync, constants, existsSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, renameSync, writevSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import { corruptName, describeError } from './sqlite-file'

const MAGIC = Buffer.from('TSBATCH1', 'latin1')
const RECORD_HEADER_BYTES = 16

/** A batch read back from the log. */
export interface LoggedBatch {
  seq: number
  bytes: Uint8Array
}

/** What opening the log found besides its batches. */
export interface BatchLogOpen {
  log: BatchLog
  batches: LoggedBatch[]
  /** The file was not a batch log or held a damaged record before its end; its readable part was kept. */
  damaged: { reason: string; movedTo: string } | null
}

export class BatchLog {
  private readonly header = Buffer.alloc(RECORD_HEADER_BYTES)

  private constructor(private readonly fd: number, readonly path: string, private size: number, private readonly sync: boolean, private readonly maxBytes: number) {}

  /**
   * Opens (or creates) the log and reads its batches. A damaged file is renamed to `<path>.corrupt-<time>`
   * after its readable records were taken (refused instead when `strict`); the log then starts empty.
   */
  static open(path: string, opts: { sync: boolean; strict: boolean; now: number; maxBytes?: number }): BatchLogOpen {
    let read: { batches: LoggedBatch[]; goodBytes: number; problem: string | null; tornTail: boolean } = { batches: [], goodBytes: MAGIC.length, problem: null, tornTail: false }
    let damaged: BatchLogOpen['damaged'] = null
    if (existsSync(path)) {
      read = readLog(path)
      if (read.problem !== null && !read.tornTail) {
        if (opts.strict) throw new Error(`${path} is damaged: ${read.problem}. It was left untouched (strict persistence): move it away to start the broker.`)
        const movedTo = corruptName(path, opts.now)
        renameSync(path, movedTo)
        damaged = { reason: read.problem, movedTo }
        read.goodBytes = MAGIC.length
      }
    }
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600)
    try {
      // A torn last record goes: the next batch is written where it started.
      ftruncateSync(fd, read.goodBytes)
      if (read.goodBytes === MAGIC.length) writevSync(fd, [MAGIC], 0)
      if (opts.sync) fdatasyncSync(fd)
    } catch (err) {
      closeSync(fd)
      throw new Error(`cannot write ${path}: ${describeError(err)}`, { cause: err })
    }
    return { log: new BatchLog(fd, path, read.goodBytes, opts.sync, opts.maxBytes ?? Number.POSITIVE_INFINITY), batches: read.batches, damaged }
  }

  /** Bytes in the file. */
  get bytes(): number {
    return this.size
  }

  /**
   * Appends one batch; returns once the OS has it (and the disk, with `sync`). On failure the file is cut
   * back to where the record started, so a later append does not follow a torn record, and it throws.
   */
  append(seq: number, batch: Uint8Array): void {
    const total = RECORD_HEADER_BYTES + batch.byteLength
    if (this.size + total > this.maxBytes) {
      throw Object.assign(new Error(`no space left on device: the batch log would pass its cap of ${this.maxBytes} bytes`), { code: 'ENOSPC' })
    }
    const h = this.header
    h.writeUInt32LE(batch.byteLength, 0)
    h.writeDoubleLE(seq, 8)
    h.writeUInt32LE(crc32(batch, crc32(h.subarray(8, 16))), 4)
    try {
      const written = writevSync(this.fd, [h, batch], this.size)
      if (written !== total) throw new Error(`short write (${written} of ${total} bytes)`)
      if (this.sync) fdatasyncSync(this.fd)
    } catch (err) {
      try {
        ftruncateSync(this.fd, this.size)
      } catch {
        // The next append writes at the same offset and covers whatever is there; replay stops at a torn record.
      }
      throw err
    }
    this.size += total
  }

  /** Empties the log (its batches are in the tables now). */
  clear(): void {
    ftruncateSync(this.fd, MAGIC.length)
    this.size = MAGIC.length
  }

  close(): void {
    closeSync(this.fd)
  }
}

/** The batches of the log at `path` without changing it (none when there is no file). */
export function readBatchLog(path: string): LoggedBatch[] {
  return existsSync(path) ? readLog(path).batches : []
}

/** Reads every whole record; stops at the first one cut short or failing its check. */
function readLog(path: string): { batches: LoggedBatch[]; goodBytes: number; problem: string | null; tornTail: boolean } {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    const data = Buffer.allocUnsafe(size)
    let at = 0
    while (at < size) {
      const n = readSync(fd, data, at, size - at, at)
      if (n === 0) break
      at += n
    }
    if (size < MAGIC.length) return { batches: [], goodBytes: MAGIC.length, problem: size === 0 ? null : 'it is shorter than its header', tornTail: size === 0 }
    if (!data.subarray(0, MAGIC.length).equals(MAGIC)) return { batches: [], goodBytes: MAGIC.length, problem: 'it does not start with TSBATCH1', tornTail: false }
    const batches: LoggedBatch[] = []
    let pos = MAGIC.length
    while (pos < size) {
      const problem = recordProblem(data, pos, size)
      if (problem !== null) {
        // Only the last record can be torn by a crash: anything after a bad record means damage.
        const length = pos + RECORD_HEADER_BYTES <= size ? data.readUInt32LE(pos) : 0
        const tornTail = pos + RECORD_HEADER_BYTES + length >= size
        return { batches, goodBytes: pos, problem: `${problem} at byte ${pos}`, tornTail }
      }
      const length = data.readUInt32LE(pos)
      batches.push({ seq: data.readDoubleLE(pos + 8), bytes: data.subarray(pos + RECORD_HEADER_BYTES, pos + RECORD_HEADER_BYTES + length) })
      pos += RECORD_HEADER_BYTES + length
    }
    return { batches, goodBytes: pos, problem: null, tornTail: false }
  } finally {
    closeSync(fd)
  }
}

function recordProblem(data: Buffer, pos: number, size: number): string | null {
  if (pos + RECORD_HEADER_BYTES > size) return 'a record header cut short'
  const length = data.readUInt32LE(pos)
  if (pos + RECORD_HEADER_BYTES + length > size) return 'a record cut short'
  const body = data.subarray(pos + RECORD_HEADER_BYTES, pos + RECORD_HEADER_BYTES + length)
  if (crc32(body, crc32(data.subarray(pos + 8, pos + 16))) !== data.readUInt32LE(pos + 4)) return 'a record failing its CRC'
  return null
}
