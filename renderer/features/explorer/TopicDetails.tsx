// The pane beside the tree: everything known about the selected topic, and its last payload's preview.
// Says plainly what is not here yet (full payload, history); offers no action that does not exist.
import type { ReactElement } from 'react'
import { translateCount } from '../../../shared/i18n/translate'
import { useLanguage, useT } from '../../i18n/use-t'
import { useSelectedKey, useTopicNode } from '../../store/topic-tree-store'
import { InfoList } from '../../ui/InfoList'
import { DETAILS_HEX_BYTES, describePayload, formatBytes, formatCount, formatRate, formatTime } from './format-topic'

/** The connection and path of a topic row key (see rowKey), or null for a connection root. */
function parseKey(key: string | null): { connectionId: string; path: string } | null {
  const at = key?.indexOf('\u0000') ?? -1
  if (key === null || at < 0) return null
  return { connectionId: key.slice(0, at), path: key.slice(at + 1) }
}

function Details({ connectionId, path }: { connectionId: string; path: string }): ReactElement | null {
  const t = useT()
  const lang = useLanguage()
  const node = useTopicNode(connectionId, path)
  if (node === undefined) return null
  const none = t('explorer.details.none.value')
  const hasMessage = node.lastPayloadPreview !== null
  const preview = describePayload(node.lastPayloadPreview, node.lastPayloadSize, node.previewTruncated, DETAILS_HEX_BYTES)
  const shown = formatBytes(node.lastPayloadPreview?.length ?? 0, lang)
  const size = formatBytes(node.lastPayloadSize, lang)
  return (
    <>
      <InfoList items={[
        { label: t('explorer.details.path'), value: path, code: true },
        { label: t('explorer.details.messages'), value: formatCount(node.messages, lang) },
        { label: t('explorer.details.messagesBelow'), value: formatCount(node.messagesBelow, lang) },
        { label: t('explorer.details.topicsBelow'), value: translateCount(lang, 'explorer.topics', node.topicsBelow, { count: formatCount(node.topicsBelow, lang) }) },
        { label: t('explorer.details.rate'), value: t('explorer.rate', { rate: formatRate(node.ratePerSec, lang) }) },
        { label: t('explorer.details.size'), value: hasMessage ? size : none },
        { label: t('explorer.details.bytes'), value: formatBytes(node.bytes, lang) },
        { label: t('explorer.details.qos'), value: node.lastQos === null ? none : String(node.lastQos) },
        { label: t('explorer.details.retained'), value: t(node.retained ? 'explorer.details.yes' : 'explorer.details.no') },
        { label: t('explorer.details.updated'), value: node.updatedAt > 0 ? formatTime(node.updatedAt, lang, Date.now()) : none },
      ]} />
      <h3 className="details-subtitle">{t('explorer.details.preview')}</h3>
      {!hasMessage && <p className="hint">{t('explorer.details.noMessage')}</p>}
      {preview.kind === 'empty' && <p className="hint">{t('explorer.preview.empty')}</p>}
      {node.previewTruncated && (
        <p className="hint details-cut"><span className="badge badge-cut">{t('explorer.preview.cut')}</span> {t('explorer.details.cut', { shown, size })}</p>
      )}
      {(preview.kind === 'text' || preview.kind === 'hex') && (
        <pre className={`details-preview is-${preview.kind}`} data-testid="topic-preview">{preview.text}</pre>
      )}
      <p className="hint">{t('explorer.details.historyNote')}</p>
    </>
  )
}

export function TopicDetails(): ReactElement {
  const t = useT()
  const selected = parseKey(useSelectedKey())
  return (
    <aside className="explorer-details" data-testid="topic-details" aria-label={t('explorer.details.title')}>
      <h2 className="panel-title">{t('explorer.details.title')}</h2>
      {selected === null
        ? <p className="hint">{t('explorer.details.none')}</p>
        : <Details key={`${selected.connectionId}\u0000${selected.path}`} {...selected} />}
    </aside>
  )
}
