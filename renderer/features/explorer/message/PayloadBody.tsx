// The payload in the chosen view. JSON is a foldable tree up to a size where a tree would swamp the page
// (then pretty-printed text); a hex dump shows its first lines and says how many bytes it left out.
import { useMemo, type ReactElement } from 'react'
import { useLanguage, useT } from '../../../i18n/use-t'
import { formatBytes } from '../format-topic'
import { JsonTree } from './JsonTree'
import { asJson, asText, hexDumpLines, HEX_LINE_BYTES, toBase64, type PayloadView } from './payload-views'

/** Above this size JSON is shown as indented text instead of a tree of elements. */
const JSON_TREE_MAX_BYTES = 256 * 1024
/** Hex dump lines rendered (64 KiB); copy or base64 give the rest. */
const HEX_MAX_LINES = 4096

/** The text the view shows, for the copy button as well. */
export function payloadText(payload: Uint8Array, view: PayloadView, truncated: boolean): string {
  switch (view) {
    case 'json': {
      const parsed = asJson(asText(payload))
      return parsed === undefined ? '' : JSON.stringify(parsed.value, null, 2)
    }
    case 'text': return asText(payload, truncated) ?? ''
    case 'hex': return hexDumpLines(payload).join('\n')
    case 'base64': return toBase64(payload)
  }
}

export function PayloadBody({ payload, view, truncated }: { payload: Uint8Array; view: PayloadView; truncated: boolean }): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const parsed = useMemo(() => (view === 'json' ? asJson(asText(payload)) : undefined), [payload, view])
  const text = useMemo(() => {
    if (view === 'json') return payload.length > JSON_TREE_MAX_BYTES && parsed !== undefined ? JSON.stringify(parsed.value, null, 2) : ''
    if (view === 'hex') return hexDumpLines(payload, HEX_MAX_LINES).join('\n')
    return payloadText(payload, view, truncated)
  }, [payload, view, truncated, parsed])
  if (view === 'json' && parsed !== undefined && payload.length <= JSON_TREE_MAX_BYTES) return <JsonTree value={parsed.value} />
  const hexCut = view === 'hex' && payload.length > HEX_MAX_LINES * HEX_LINE_BYTES
  return (
    <>
      <pre className={`details-preview is-${view}`} data-testid="payload-body">{text}</pre>
      {hexCut && (
        <p className="hint">{t('explorer.message.hexCut', { shown: formatBytes(HEX_MAX_LINES * HEX_LINE_BYTES, lang), size: formatBytes(payload.length, lang) })}</p>
      )}
    </>
  )
}
