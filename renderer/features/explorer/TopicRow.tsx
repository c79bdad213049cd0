// One topic level in the virtual tree: arrow, name, counts, rate, retained/QoS marks and a one-line preview.
// Reads its own node by path, so a value change re-renders this row only; the flash restarts on updatedAt.
import { memo, type CSSProperties, type ReactElement } from 'react'
import { translateCount } from '../../../shared/i18n/translate'
import { useLanguage, useT } from '../../i18n/use-t'
import { topicTreeStore, useIsSelected, useTopicNode } from '../../store/topic-tree-store'
import type { VisibleRow } from './flatten-visible'
import { describePayload, formatBytes, formatCount, formatRate, oneLine } from './format-topic'

/** A row flashes when it mounts or changes within this time of its last message. */
const FLASH_WINDOW_MS = 1_500
/** Indentation per tree level. */
export const INDENT_PX = 18

export function TreeArrow({ row }: { row: VisibleRow }): ReactElement {
  if (!row.hasChildren) return <span className="tree-arrow" aria-hidden="true" />
  return (
    <span className={`tree-arrow${row.expanded ? ' is-expanded' : ''}`} aria-hidden="true"
      onClick={(event) => {
        event.stopPropagation()
        topicTreeStore.getState().toggle(row.key)
      }}>
      <svg width="10" height="10" viewBox="0 0 10 10"><path d="M3 1.5 7 5l-4 3.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" /></svg>
    </span>
  )
}

export const TopicRow = memo(function TopicRow({ row, style }: { row: VisibleRow; style: CSSProperties }): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const node = useTopicNode(row.connectionId, row.path)
  const selected = useIsSelected(row.key)
  const collapsedParent = row.hasChildren && !row.expanded
  const count = node === undefined ? 0 : collapsedParent ? node.messagesBelow : node.messages
  const preview = node === undefined ? null : describePayload(node.lastPayloadPreview, node.lastPayloadSize, node.previewTruncated)
  const recent = node !== undefined && Date.now() - node.updatedAt < FLASH_WINDOW_MS

  return (
    <div role="treeitem" aria-level={row.depth + 1} aria-selected={selected} aria-expanded={row.hasChildren ? row.expanded : undefined}
      className={`tree-row topic-row${selected ? ' is-selected' : ''}`} style={style} data-testid={`topic-row-${row.path}`}
      onClick={() => topicTreeStore.getState().select(row.key)}
      onDoubleClick={() => row.hasChildren && topicTreeStore.getState().toggle(row.key)}>
      {recent && <span key={node.updatedAt} className="topic-flash" aria-hidden="true" />}
      <span className="tree-indent" style={{ width: row.depth * INDENT_PX }} />
      <TreeArrow row={row} />
      <span className={`topic-name${row.name === '' ? ' is-empty-level' : ''}`} title={row.path}>
        {row.name === '' ? t('explorer.emptyLevel') : row.name}
      </span>
      {(count > 0 || !row.expanded) && (
        <span className={`topic-count${collapsedParent ? ' is-total' : ''}`} data-testid={`topic-count-${row.path}`}
          title={translateCount(lang, 'explorer.messages', count, { count: formatCount(count, lang) })}>
          {formatCount(count, lang)}
        </span>
      )}
      {row.hasChildren && node !== undefined && (
        <span className="topic-below">{translateCount(lang, 'explorer.topics', node.topicsBelow, { count: formatCount(node.topicsBelow, lang) })}</span>
      )}
      <span className="topic-preview">
        {preview?.kind === 'text' && <span className="preview-text">{oneLine(preview.text)}</span>}
        {preview?.kind === 'hex' && <span className="preview-hex">{preview.text}</span>}
        {preview?.kind === 'empty' && <span className="preview-empty">{t('explorer.preview.empty')}</span>}
        {node !== undefined && node.lastPayloadPreview !== null && node.lastPayloadSize > 0 && (
          <span className="preview-size">{node.previewTruncated ? '… ' : ''}{formatBytes(node.lastPayloadSize, lang)}</span>
        )}
        {node?.previewTruncated === true && (
          <span className="badge badge-cut" title={t('explorer.preview.cutTitle', {
            shown: formatBytes(node.lastPayloadPreview?.length ?? 0, lang), size: formatBytes(node.lastPayloadSize, lang) })}>
            {t('explorer.preview.cut')}
          </span>
        )}
      </span>
      {node !== undefined && node.ratePerSec > 0 && (
        <span className="topic-rate">{t('explorer.rate', { rate: formatRate(node.ratePerSec, lang) })}</span>
      )}
      {node?.retained === true && <span className="badge badge-retained" title={t('explorer.retained.title')}>{t('explorer.retained')}</span>}
      {node !== undefined && node.lastQos !== null && <span className="badge badge-qos">{t('explorer.qos', { qos: node.lastQos })}</span>}
    </div>
  )
})
