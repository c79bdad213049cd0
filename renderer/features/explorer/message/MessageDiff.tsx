// What changed since the message before: a list of JSON paths with old and new values when both are JSON,
// a line diff when both are text, a size comparison otherwise. Cut payloads are compared only once whole.
import { useMemo, type ReactElement } from 'react'
import type { HistoryMessage } from '../../../../shared/model/history'
import { useLanguage, useT } from '../../../i18n/use-t'
import { formatBytes } from '../format-topic'
import { diffJson, diffLines, type JsonChange } from './json-diff'
import { asJson, asText } from './payload-views'

type Diff =
  | { kind: 'json'; changes: JsonChange[] }
  | { kind: 'lines'; lines: NonNullable<ReturnType<typeof diffLines>> }
  | { kind: 'same' }
  | { kind: 'bytes' }
  | { kind: 'cut' }

function compare(before: HistoryMessage, after: HistoryMessage): Diff {
  if (before.truncated || after.truncated) return { kind: 'cut' }
  const a = asText(before.payload)
  const b = asText(after.payload)
  const ja = asJson(a)
  const jb = asJson(b)
  if (ja !== undefined && jb !== undefined) return { kind: 'json', changes: diffJson(ja.value, jb.value) }
  if (a !== null && b !== null) {
    if (a === b) return { kind: 'same' }
    const lines = diffLines(a, b)
    return lines === null ? { kind: 'bytes' } : { kind: 'lines', lines }
  }
  return equalBytes(before.payload, after.payload) ? { kind: 'same' } : { kind: 'bytes' }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

const show = (v: unknown): string => (v === undefined ? '' : JSON.stringify(v))

export function MessageDiff({ before, after, onLoadBoth }: { before: HistoryMessage; after: HistoryMessage; onLoadBoth(): void }): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const diff = useMemo(() => compare(before, after), [before, after])
  return (
    <div className="message-diff" data-testid="message-diff">
      {diff.kind === 'cut' && (
        <p className="hint">{t('explorer.diff.cut')}{' '}
          <button type="button" className="button button-small" data-testid="diff-load-both" onClick={onLoadBoth}>{t('explorer.diff.loadBoth')}</button>
        </p>
      )}
      {diff.kind === 'same' && <p className="hint">{t('explorer.diff.same')}</p>}
      {diff.kind === 'bytes' && (
        <p className="hint">{t('explorer.diff.bytes', { before: formatBytes(before.payloadSize, lang), after: formatBytes(after.payloadSize, lang) })}</p>
      )}
      {diff.kind === 'json' && diff.changes.length === 0 && <p className="hint">{t('explorer.diff.same')}</p>}
      {diff.kind === 'json' && diff.changes.length > 0 && (
        <ul className="diff-list">
          {diff.changes.map((c, i) => (
            <li key={i} className={`diff-${c.kind}`}>
              <code className="diff-path">{c.path === '' ? t('explorer.diff.root') : c.path}</code>{' '}
              {c.kind === 'changed' && <><del>{show(c.before)}</del> → <ins>{show(c.after)}</ins></>}
              {c.kind === 'added' && <ins>+ {show(c.after)}</ins>}
              {c.kind === 'removed' && <del>− {show(c.before)}</del>}
            </li>
          ))}
        </ul>
      )}
      {diff.kind === 'lines' && (
        <pre className="details-preview diff-lines">
          {diff.lines.map((l, i) => (
            <div key={i} className={`diff-line-${l.kind}`}>{l.kind === 'added' ? '+ ' : l.kind === 'removed' ? '- ' : '  '}{l.text}</div>
          ))}
        </pre>
      )}
    </div>
  )
}
