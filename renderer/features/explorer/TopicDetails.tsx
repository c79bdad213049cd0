// The pane beside the tree: the selected topic's figures, its newest (or chosen) message in full, and its
// message history. The history comes from the backend's history store, a page at a time; when that store
// is unavailable the pane says why and still shows the tree's preview of the last payload.
import { useEffect, useMemo, type ReactElement } from 'react'
import { translateCount } from '../../../shared/i18n/translate'
import { describeError } from '../../i18n/describe-error'
import { useLanguage, useT } from '../../i18n/use-t'
import { historyStore, useHistory } from '../../store/history-store'
import { parseRowKey, useSelectedKey, useTopicNode } from '../../store/topic-tree-store'
import { CopyButton } from '../../ui/CopyButton'
import { InfoList } from '../../ui/InfoList'
import { DETAILS_HEX_BYTES, describePayload, formatBytes, formatCount, formatRate, formatTime } from './format-topic'
import { HistoryList } from './message/HistoryList'
import { ClearRetainedActions } from './retained/ClearRetainedActions'
import { MessageDetail } from './message/MessageDetail'

/** The connection and path of a topic row key, or null for a connection root (or no selection). */
function parseKey(key: string | null): { connectionId: string; path: string } | null {
  if (key === null) return null
  const { connectionId, path } = parseRowKey(key)
  return path === null ? null : { connectionId, path }
}

function ShownMessage({ fallback }: { fallback: ReactElement }): ReactElement {
  const t = useT()
  const messages = useHistory((s) => s.messages)
  const selectedId = useHistory((s) => s.selectedId)
  const full = useHistory((s) => s.full)
  const fetchingFull = useHistory((s) => s.fetchingFull)
  const loading = useHistory((s) => s.loading)
  const error = useHistory((s) => s.error)
  const shown = useMemo(() => {
    const index = selectedId === null ? 0 : messages.findIndex((m) => m.id === selectedId)
    const message = messages[index]
    if (message === undefined) return null
    const previous = messages[index + 1]
    return { message: full.get(message.id) ?? message, previous: previous === undefined ? null : full.get(previous.id) ?? previous }
  }, [messages, selectedId, full])
  if (shown === null) {
    if (error !== null) return <><p className="hint" data-testid="history-error">{t('explorer.history.unavailable', { reason: describeError(error, t) })}</p>{fallback}</>
    return <p className="hint">{loading ? t('explorer.message.loading') : t('explorer.details.noMessage')}</p>
  }
  return (
    <MessageDetail key={shown.message.id} message={shown.message} previous={shown.previous}
      fetchingFull={fetchingFull.has(shown.message.id)} onLoadFull={(ids) => { for (const id of ids) void historyStore.getState().loadFull(id) }} />
  )
}

function Details({ connectionId, path }: { connectionId: string; path: string }): ReactElement | null {
  const t = useT()
  const lang = useLanguage()
  const node = useTopicNode(connectionId, path)
  const messages = node?.messages
  useEffect(() => {
    void historyStore.getState().show(connectionId, path)
    return () => void historyStore.getState().show(null, null)
  }, [connectionId, path])
  // The tree's count moved: fetch what arrived (the store runs one request at a time).
  useEffect(() => {
    if (messages !== undefined && messages > 0) void historyStore.getState().refresh()
  }, [messages])
  if (node === undefined) return null
  const none = t('explorer.details.none.value')
  const hasMessage = node.lastPayloadPreview !== null
  const preview = describePayload(node.lastPayloadPreview, node.lastPayloadSize, node.previewTruncated, DETAILS_HEX_BYTES)
  const fallback = (preview.kind === 'text' || preview.kind === 'hex')
    ? <pre className={`details-preview is-${preview.kind}`} data-testid="topic-preview">{preview.text}</pre>
    : <></>
  return (
    <>
      <div className="details-topic">
        <code data-testid="details-topic">{path}</code>
        <CopyButton label={t('explorer.details.copyTopic')} copiedLabel={t('copy.done')} failedLabel={t('copy.failed')} text={() => path} testId="copy-topic" />
      </div>
      <p className="details-summary" data-testid="details-summary">
        {[
          translateCount(lang, 'explorer.details.summary.messages', node.messages, { count: formatCount(node.messages, lang) }),
          t('explorer.rate', { rate: formatRate(node.ratePerSec, lang) }),
          formatBytes(node.bytes, lang),
          ...(node.retained ? [t('explorer.message.retain')] : []),
        ].join(' · ')}
      </p>
      <ClearRetainedActions connectionId={connectionId} path={path} retained={node.retained} hasChildren={node.topicsBelow > (node.messages > 0 ? 1 : 0)} />
      {hasMessage ? (
        <>
          <h3 className="details-subtitle">{t('explorer.message.title')}</h3>
          <ShownMessage fallback={fallback} />
          <h3 className="details-subtitle">{t('explorer.history.title')}</h3>
          <HistoryList />
        </>
      ) : <p className="hint">{t('explorer.details.noMessage')}</p>}
      <details className="details-figures">
        <summary>{t('explorer.details.figures')}</summary>
        <InfoList items={[
        { label: t('explorer.details.messages'), value: formatCount(node.messages, lang) },
        { label: t('explorer.details.messagesBelow'), value: formatCount(node.messagesBelow, lang) },
        { label: t('explorer.details.topicsBelow'), value: translateCount(lang, 'explorer.topics', node.topicsBelow, { count: formatCount(node.topicsBelow, lang) }) },
        { label: t('explorer.details.rate'), value: t('explorer.rate', { rate: formatRate(node.ratePerSec, lang) }) },
        { label: t('explorer.details.bytes'), value: formatBytes(node.bytes, lang) },
        { label: t('explorer.details.retained'), value: t(node.retained ? 'explorer.details.yes' : 'explorer.details.no') },
        { label: t('explorer.details.updated'), value: node.updatedAt > 0 ? formatTime(node.updatedAt, lang, Date.now()) : none },
        ]} />
      </details>
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
