// The QoS lab's guided lessons in the page: which lesson and step are open, where the step began in the
// trace (its check looks only at what came after), running a step's setup and its "show me" actions
// through the lab's own channels, and the progress the backend keeps.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import { lessonById, type LessonAction } from '../../shared/lab/lessons'
import type { LessonProgress } from '../../shared/model/lab-lessons'
import { DEFAULT_TRACE_FILTER, EMBEDDED_TRACE } from '../../shared/model/lab-trace'
import { invokeSafely } from './invoke-safely'
import { labSimStore } from './lab-sim-store'
import { labStore } from './lab-store'
import { settingsStore } from './settings-store'

export interface LessonsState {
  progress: LessonProgress
  activeId: string | null
  step: number
  /** Trace seq when the step began. */
  startSeq: number
  running: boolean
  error: AppError | null
  attach(api: Api | null): void
  load(): Promise<void>
  open(id: string | null): Promise<void>
  goTo(step: number): Promise<void>
  showMe(): Promise<void>
  /** The open step's check passed: remembered (and the lesson finished after its last step). */
  passed(): Promise<void>
  reset(id: string): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export const lessonsStore = createStore<LessonsState>()((set, get) => {
  let api: Api | null = null
  const fail = (error: AppError): void => set({ error })
  /** Runs actions in order; stops at the first that fails, saying why. */
  const run = async (actions: readonly LessonAction[]): Promise<boolean> => {
    if (api === null) return false
    for (const a of actions) {
      let ok = true
      switch (a.kind) {
        case 'reset': {
          const r = await invokeSafely(api, 'lab:reset', null)
          ok = r.ok
          if (!r.ok) fail(r.error)
          // A lesson checks the embedded broker's packets: a trace of another connection cannot pass it.
          if (labStore.getState().source !== EMBEDDED_TRACE) await labStore.getState().setSource(EMBEDDED_TRACE)
          await labStore.getState().setFilter(DEFAULT_TRACE_FILTER)
          break
        }
        case 'client': ok = await labSimStore.getState().addClient(a.config); break
        case 'fault': ok = await labSimStore.getState().addFault(a.rule); break
        case 'act': ok = await labSimStore.getState().act(a.clientId, a.action); break
        case 'wait': await sleep(a.ms); break
        case 'persistence': await settingsStore.getState().update({ broker: { persistence: a.mode } }); break
        case 'restart-broker': {
          const r = await invokeSafely(api, 'lab:restart-broker', null)
          ok = r.ok
          if (!r.ok) fail(r.error)
          break
        }
      }
      await labSimStore.getState().refresh()
      if (!ok) {
        const simError = labSimStore.getState().error
        if (simError !== null) fail(simError)
        return false
      }
    }
    return true
  }
  const begin = async (step: number): Promise<void> => {
    const lesson = get().activeId === null ? undefined : lessonById(get().activeId!)
    if (lesson === undefined) return
    set({ step, running: true, error: null, startSeq: labStore.getState().afterSeq })
    await run(lesson.steps[step]?.setup ?? [])
    set({ running: false })
  }
  return {
    progress: {},
    activeId: null,
    step: 0,
    startSeq: 0,
    running: false,
    error: null,
    attach(next) {
      api = next
    },
    async load() {
      if (api === null) return
      const r = await invokeSafely(api, 'lab:progress', null)
      if (r.ok) set({ progress: r.value })
    },
    async open(id) {
      set({ activeId: id, step: 0 })
      if (id !== null) await begin(0)
    },
    async goTo(step) {
      await begin(step)
    },
    async showMe() {
      const lesson = get().activeId === null ? undefined : lessonById(get().activeId!)
      if (lesson === undefined || get().running) return
      set({ running: true, error: null })
      await run(lesson.steps[get().step]?.demo ?? [])
      set({ running: false })
    },
    async passed() {
      const { activeId, step } = get()
      const lesson = activeId === null ? undefined : lessonById(activeId)
      if (api === null || lesson === undefined) return
      const r = await invokeSafely(api, 'lab:progress-set', { lessonId: lesson.id, step: step + 1, completed: step === lesson.steps.length - 1 })
      if (r.ok) set({ progress: r.value })
    },
    async reset(id) {
      if (api === null) return
      const r = await invokeSafely(api, 'lab:progress-reset', { lessonId: id })
      if (r.ok) set({ progress: r.value })
      if (get().activeId === id) await get().open(id)
    },
  }
})

export function useLessons<T>(selector: (s: LessonsState) => T): T {
  return useStore(lessonsStore, selector)
}
