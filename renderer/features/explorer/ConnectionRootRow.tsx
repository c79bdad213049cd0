// A connection's root row in the tree: name, URL, live status (with the error sentence), message rate and,
// except for the embedded broker's, Edit (saved connections) and Close buttons. Reads its connection from the explorer store only.
import { memo, type CSSProperties, type ReactElement } from 'react'
import { useStore } from 'zustand'
import { useLanguage, useT } from '../../i18n/use-t'
import { EMBEDDED_BROKER_PROFILE_ID } from '../../../shared/model/connection-profile'
import { useExplorerConnection } from '../../store/explorer-store'
import { connectionFormStore } from '../../store/connection-form-store'
import { profilesStore } from '../../store/profiles-store'
import { topicTreeStore, useIsSelected, useTreeStale } from '../../store/topic-tree-store'
import type { VisibleRow } from './flatten-visible'
import { formatCount, formatRate } from './format-topic'
import { TreeArrow } from './TopicRow'
import { connectionName } from './connection-name'

export const ConnectionRootRow = memo(function ConnectionRootRow({ row, style }: { row: VisibleRow; style: CSSProperties }): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const connection = useExplorerConnection(row.connectionId)
  const selected = useIsSelected(row.key)
  const stale = useTreeStale(row.connectionId)
  const dropped = useStore(topicTreeStore, (s) => s.trees.get(row.connectionId)?.droppedUpdates ?? 0)
  const status = connection?.status
  const state = status?.state ?? 'idle'
  // A saved connection can be edited while open: saving reconnects it with the new settings.
  const saved = useStore(profilesStore, (s) => s.profiles.find((p) => p.profile.id === row.connectionId))
  const name = connectionName(row.connectionId, row.name, t)

  return (
    <div role="treeitem" aria-level={1} aria-selected={selected} aria-expanded={row.hasChildren ? row.expanded : undefined}
      className={`tree-row connection-row is-${state}${selected ? ' is-selected' : ''}`} style={style}
      data-testid={`connection-root-${row.connectionId}`} onClick={() => topicTreeStore.getState().select(row.key)}>
      <TreeArrow row={row} />
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-name">{name}</span>
      <code className="connection-url">{row.url}</code>
      <span className="connection-state">{t(`explorer.state.${state}`)}</span>
      {status?.error != null && <span className="connection-error" title={status.error.message}>{status.error.message}</span>}
      {stale && <span className="connection-stale">{t('explorer.stale')}</span>}
      {dropped > 0 && <span className="connection-dropped">{t('explorer.dropped', { count: formatCount(dropped, lang) })}</span>}
      <span className="tree-spacer" />
      {status !== undefined && status.messagesPerSec > 0 && (
        <span className="topic-rate">{t('explorer.rate', { rate: formatRate(status.messagesPerSec, lang) })}</span>
      )}
      {saved !== undefined && (
        <button type="button" className="button button-small" data-testid={`edit-connection-${row.connectionId}`}
          title={t('explorer.connections.editTitle', { name })}
          onClick={(event) => {
            event.stopPropagation()
            connectionFormStore.getState().openEdit(saved)
          }}>
          {t('explorer.connections.edit')}
        </button>
      )}
      {connection !== undefined && row.connectionId !== EMBEDDED_BROKER_PROFILE_ID && (
        <button type="button" className="button button-small connection-close" data-testid={`close-connection-${row.connectionId}`}
          title={t('explorer.connections.closeTitle', { name })}
          onClick={(event) => {
            event.stopPropagation()
            void profilesStore.getState().close(row.connectionId).then((result) => profilesStore.getState().report(result))
          }}>
          {t('explorer.connections.close')}
        </button>
      )}
    </div>
  )
})
