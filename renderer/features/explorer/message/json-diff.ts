// A JSON-aware difference between two messages: which paths were added, removed or changed, with the
// old and new values. Objects are compared key by key, arrays index by index; anything else by value.
// Pure; used by the message detail to compare a message with the one before it.

export interface JsonChange {
  /** The path from the root, e.g. `state.brightness` or `devices[2].id`; empty for the root itself. */
  path: string
  kind: 'added' | 'removed' | 'changed'
  before?: unknown
  after?: unknown
}

/** Every change from `before` to `after`, in document order, at most `limit` of them. */
export function diffJson(before: unknown, after: unknown, limit = 200): JsonChange[] {
  const changes: JsonChange[] = []
  walk(before, after, '', changes, limit)
  return changes
}

function walk(a: unknown, b: unknown, path: string, out: JsonChange[], limit: number): void {
  if (out.length >= limit) return
  if (isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) {
      const child = joinKey(path, key)
      if (Object.hasOwn(b, key)) walk(a[key], b[key], child, out, limit)
      else push(out, limit, { path: child, kind: 'removed', before: a[key] })
    }
    for (const key of Object.keys(b)) if (!Object.hasOwn(a, key)) push(out, limit, { path: joinKey(path, key), kind: 'added', after: b[key] })
    return
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const common = Math.min(a.length, b.length)
    for (let i = 0; i < common; i++) walk(a[i], b[i], `${path}[${i}]`, out, limit)
    for (let i = common; i < a.length; i++) push(out, limit, { path: `${path}[${i}]`, kind: 'removed', before: a[i] })
    for (let i = common; i < b.length; i++) push(out, limit, { path: `${path}[${i}]`, kind: 'added', after: b[i] })
    return
  }
  if (!sameValue(a, b)) push(out, limit, { path, kind: 'changed', before: a, after: b })
}

function push(out: JsonChange[], limit: number, change: JsonChange): void {
  if (out.length < limit) out.push(change)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `a.b`, or `a["odd key"]` for keys that are not plain identifiers. */
function joinKey(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`
  return `${path}[${JSON.stringify(key)}]`
}

/** Structural equality of two JSON values (an object against an array is a change). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Lines of `after` compared with `before` for plain text: each line kept, added or removed (LCS, capped). */
export interface LineChange {
  kind: 'same' | 'added' | 'removed'
  text: string
}

/** A line diff; beyond `maxLines` lines on either side it gives up and returns null (too large to compare here). */
export function diffLines(before: string, after: string, maxLines = 2_000): LineChange[] | null {
  const a = before.split('\n')
  const b = after.split('\n')
  if (a.length > maxLines || b.length > maxLines) return null
  // Longest common subsequence table, from the end, so the walk below reads forward.
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  const out: LineChange[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! })
      i++
      j++
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ kind: 'removed', text: a[i++]! })
    else out.push({ kind: 'added', text: b[j++]! })
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++]! })
  while (j < b.length) out.push({ kind: 'added', text: b[j++]! })
  return out
}
