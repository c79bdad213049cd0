// The QoS lab's lessons as the backend keeps them: how far the user got in each.

/** By lesson id: the furthest step reached (0-based) and whether the lesson was finished. */
export type LessonProgress = Record<string, { step: number; completed: boolean }>

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function parseProgressUpdate(raw: unknown): { lessonId: string; step: number; completed: boolean } | string {
  if (!isObject(raw) || typeof raw.lessonId !== 'string' || !/^[a-z0-9-]{1,40}$/.test(raw.lessonId)) return 'A lesson id is required.'
  if (typeof raw.step !== 'number' || !Number.isInteger(raw.step) || raw.step < 0 || raw.step > 100) return 'step must be 0 to 100.'
  if (typeof raw.completed !== 'boolean') return 'completed must be true or false.'
  return { lessonId: raw.lessonId, step: raw.step, completed: raw.completed }
}
