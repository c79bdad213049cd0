// A store's file writes in order, where one failed write fails only its own caller: the next write runs.
import { describe, expect, it } from 'vitest'
import { WriteQueue } from '../../../../electron/core/support/write-queue'

describe('WriteQueue', () => {
  it('runs writes one after the other, and a failure does not stop the later ones', async () => {
    const q = new WriteQueue()
    const done: string[] = []
    const slow = q.run(async () => { await new Promise((r) => setTimeout(r, 20)); done.push('first') })
    const failing = q.run(async () => { throw new Error('disk full') })
    const after = q.run(async () => { done.push('third') })
    await slow
    await expect(failing).rejects.toThrow('disk full')
    await after
    expect(done).toEqual(['first', 'third'])
    await expect(q.idle()).resolves.toBeUndefined()
  })
})
