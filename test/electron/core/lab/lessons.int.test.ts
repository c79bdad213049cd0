// Every guided lesson, step by step, against a real AppCore: the step's setup, then its "show me"
// actions, and its check must pass on the real packets and clients; before "show me", it must not.
import { afterEach, describe, expect, it } from 'vitest'
import type { AppCore } from '../../../../electron/core/app-core'
import { LESSONS, type LessonAction, type LessonContext } from '../../../../shared/lab/lessons'
import { DEFAULT_TRACE_FILTER } from '../../../../shared/model/lab-trace'
import { openTestCore } from '../../../support/test-core'

async function run(core: AppCore, actions: readonly LessonAction[]): Promise<void> {
  for (const a of actions) {
    switch (a.kind) {
      case 'reset': await core.resetLab(); break
      case 'client': core.virtualClients.add(a.config); break
      case 'fault': core.faults.add(a.rule); break
      case 'act': await core.virtualClients.act(a.clientId, a.action); break
      case 'wait': await new Promise((r) => setTimeout(r, a.ms)); break
      case 'persistence': await core.updateSettings({ broker: { persistence: a.mode } }); break
      case 'restart-broker': await core.restartBroker(); break
    }
  }
}

describe('QoS lab lessons', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it.each(LESSONS.map((l) => [l.number, l.id, l] as const))('lesson %i (%s) passes each step with its own actions, and not before them', async (_n, _id, lesson) => {
    const { core } = await openTestCore(cleanups)
    const page = (after: number) => core.labTrace.page({ source: 'embedded', afterSeq: after, limit: 1000, filter: DEFAULT_TRACE_FILTER })
    for (const step of lesson.steps) {
      const start = page(0).lastSeq
      await run(core, step.setup)
      const ctx = (): LessonContext => ({ events: page(start).events, sim: core.labSim() })
      expect(step.check(ctx()), `${lesson.id}/${step.id} before its actions`).toBe(false)
      await run(core, step.demo)
      await expect.poll(() => step.check(ctx()), { timeout: 8000, message: `${lesson.id}/${step.id}` }).toBe(true)
    }
  }, 30_000)
})
