// The batch log file: records come back in order after a reopen, a torn last record (a write a crash cut)
// is dropped and written over, damage before the end moves the file aside (or refuses, when strict), and
// a failed append leaves nothing behind that would hide a later record. Its use by the store (applied seq,
// replay after kill -9) is tested in sqlite-session-store.test.ts.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BatchLog, readBatchLog } from '../../../../../electron/core/broker/persistence/batch-log'

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678)
let dir: string
let path: string
const open = (over: { strict?: boolean; maxBytes?: number } = {}) => BatchLog.open(path, { sync: false, strict: false, now: NOW, ...over })
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString()

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'topicscope-batch-log-'))
  path = join(dir, 'broker.sqlite-batches')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('batch log', () => {
  it('a new log is only its header; batches appended come back in order with their seqs', () => {
    const { log, batches, damaged } = open()
    expect([batches, damaged, log.bytes]).toEqual([[], null, 8])
    log.append(1, Buffer.from('one'))
    log.append(2, Buffer.from('two two'))
    log.close()
    expect(readBatchLog(path).map((b) => [b.seq, text(b.bytes)])).toEqual([[1, 'one'], [2, 'two two']])
    const again = open()
    expect(again.batches.map((b) => [b.seq, text(b.bytes)])).toEqual([[1, 'one'], [2, 'two two']])
    again.log.close()
  })

  it.each([
    ['cut inside its body', (size: number) => truncateSync(path, size - 2)],
    ['cut inside its header', (size: number) => truncateSync(path, size - 14)],
    ['with a flipped byte (CRC)', (size: number) => { const b = readFileSync(path); b[size - 1] = b[size - 1]! ^ 0xff; writeFileSync(path, b) }],
  ])('a torn last record (%s) is dropped silently, and the next batch is written where it started', (_case, tear) => {
    const first = open().log
    first.append(1, Buffer.from('kept'))
    first.append(2, Buffer.from('torn!'))
    first.close()
    tear(statSync(path).size)
    const { log, batches, damaged } = open()
    expect([batches.map((b) => text(b.bytes)), damaged]).toEqual([['kept'], null])
    log.append(3, Buffer.from('after'))
    log.close()
    expect(readBatchLog(path).map((b) => [b.seq, text(b.bytes)])).toEqual([[1, 'kept'], [3, 'after']])
  })

  it('a damaged record before the end: the readable batches are returned and the file is moved aside whole', () => {
    const first = open().log
    for (const [seq, body] of [[1, 'good'], [2, 'damaged'], [3, 'lost after it']] as const) first.append(seq, Buffer.from(body))
    first.close()
    const bytes = readFileSync(path)
    const at = 8 + 16 + 4 + 16 + 1 // a byte of the second record's body
    bytes[at] = bytes[at]! ^ 0xff
    writeFileSync(path, bytes)
    const { log, batches, damaged } = open()
    expect(batches.map((b) => text(b.bytes))).toEqual(['good'])
    expect(damaged).toEqual({ reason: 'a record failing its CRC at byte 28', movedTo: `${path}.corrupt-2026-01-02T03-04-05-678Z` })
    expect(readFileSync(damaged!.movedTo)).toEqual(bytes)
    expect(log.bytes).toBe(8)
    log.close()
  })

  it('a file that is not a batch log is moved aside, or refused and left untouched when strict', () => {
    writeFileSync(path, 'not a batch log at all')
    expect(() => open({ strict: true })).toThrow(`${path} is damaged: it does not start with TSBATCH1. It was left untouched (strict persistence)`)
    expect(readFileSync(path, 'utf8')).toBe('not a batch log at all')
    const { log, damaged } = open()
    expect(damaged?.reason).toBe('it does not start with TSBATCH1')
    log.close()
  })

  it('a batch past the size cap is refused with ENOSPC and writes nothing; a smaller one still fits', () => {
    const { log } = open({ maxBytes: 100 })
    expect(() => log.append(1, Buffer.alloc(100))).toThrow(/^no space left on device: the batch log would pass its cap of 100 bytes$/)
    expect(statSync(path).size).toBe(8)
    log.append(1, Buffer.from('small'))
    log.close()
    expect(readBatchLog(path).map((b) => text(b.bytes))).toEqual(['small'])
  })

  it('clear empties the log to its header', () => {
    const { log } = open()
    log.append(1, Buffer.from('applied'))
    log.clear()
    log.append(2, Buffer.from('next'))
    log.close()
    expect(readBatchLog(path).map((b) => [b.seq, text(b.bytes)])).toEqual([[2, 'next']])
  })

  it('bytes appended by something else after a good record are a torn tail, not damage', () => {
    const first = open().log
    first.append(1, Buffer.from('good'))
    first.close()
    appendFileSync(path, Buffer.from([5, 0, 0, 0]))
    const { log, batches, damaged } = open()
    expect([batches.length, damaged, existsSync(`${path}.corrupt-2026-01-02T03-04-05-678Z`)]).toEqual([1, null, false])
    log.close()
  })
})
