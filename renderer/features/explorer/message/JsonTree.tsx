// A parsed JSON payload as a foldable tree: objects and arrays are <details> elements (keyboard and
// screen-reader friendly for free), open for the first levels. Long arrays and objects show their first
// entries and say how many more there are; nothing is dropped without a word.
import type { ReactElement, ReactNode } from 'react'
import { translateCount } from '../../../../shared/i18n/translate'
import { useLanguage } from '../../../i18n/use-t'

/** Levels open at first; deeper ones start folded. */
const OPEN_LEVELS = 2
/** Entries shown per object or array. */
const MAX_ENTRIES = 500

export function JsonTree({ value }: { value: unknown }): ReactElement {
  return <div className="json-tree" data-testid="json-tree"><Node value={value} depth={0} label={null} /></div>
}

function Node({ value, depth, label }: { value: unknown; depth: number; label: ReactNode }): ReactElement {
  const lang = useLanguage()
  const key = label === null ? null : <span className="json-key">{label}: </span>
  if (value === null || typeof value !== 'object') {
    return <div className="json-leaf">{key}<Scalar value={value} /></div>
  }
  const isArray = Array.isArray(value)
  const entries: Array<[ReactNode, unknown]> = isArray
    ? (value as unknown[]).map((v, i) => [i, v])
    : Object.entries(value as Record<string, unknown>).map(([k, v]) => [JSON.stringify(k), v])
  const summary = isArray ? `[${translateCount(lang, 'explorer.json.items', entries.length)}]` : `{${translateCount(lang, 'explorer.json.keys', entries.length)}}`
  return (
    <details className="json-node" open={depth < OPEN_LEVELS}>
      <summary>{key}<span className="json-summary">{summary}</span></summary>
      <div className="json-children">
        {entries.slice(0, MAX_ENTRIES).map(([k, v], i) => <Node key={i} value={v} depth={depth + 1} label={k} />)}
        {entries.length > MAX_ENTRIES && <div className="hint">{translateCount(lang, 'explorer.json.more', entries.length - MAX_ENTRIES)}</div>}
      </div>
    </details>
  )
}

function Scalar({ value }: { value: unknown }): ReactElement {
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>
  if (typeof value === 'boolean') return <span className="json-boolean">{String(value)}</span>
  return <span className="json-null">null</span>
}
