// The virtual topic tree: draws the visible rows (use-visible-rows.ts) in view with fixed-height rows, and
// handles the keyboard (Up/Down select, Left/Right collapse/expand, Enter toggles).
import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef, type KeyboardEvent, type ReactElement } from 'react'
import { useT } from '../../i18n/use-t'
import { topicTreeStore } from '../../store/topic-tree-store'
import { ConnectionRootRow } from './ConnectionRootRow'
import type { VisibleRow } from './flatten-visible'
import { TopicRow } from './TopicRow'
import { useResortTimer, useVisibleRows } from './use-visible-rows'

/** Every row has this height: the virtualizer needs no measuring. */
export const ROW_HEIGHT_PX = 30
const OVERSCAN_ROWS = 12

/** The row index a key press moves the selection to, after expanding or collapsing as the key asks; null if none. */
function handleKey(key: string, rows: readonly VisibleRow[], index: number): number | null {
  const { setExpanded, toggle } = topicTreeStore.getState()
  const row = rows[index]
  if (key === 'ArrowDown') return Math.min(index + 1, rows.length - 1)
  if (key === 'ArrowUp') return index < 0 ? 0 : Math.max(index - 1, 0)
  if (key === 'Home') return 0
  if (key === 'End') return rows.length - 1
  if (row === undefined) return key === 'ArrowRight' || key === 'ArrowLeft' || key === 'Enter' ? 0 : null
  if (key === 'ArrowRight') {
    if (row.hasChildren && !row.expanded) setExpanded(row.key, true)
    else if (row.hasChildren) return index + 1
    return index
  }
  if (key === 'ArrowLeft') {
    if (row.hasChildren && row.expanded) setExpanded(row.key, false)
    else if (row.parentKey !== null) return rows.findIndex((r) => r.key === row.parentKey)
    return index
  }
  if (key === 'Enter' || key === ' ') {
    if (row.hasChildren) toggle(row.key)
    return index
  }
  return null
}

export function TopicTree(): ReactElement {
  const t = useT()
  useResortTimer()
  const { rows } = useVisibleRows()
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: OVERSCAN_ROWS,
  })

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const { selected, select } = topicTreeStore.getState()
    const index = rows.findIndex((r) => r.key === selected)
    const next = handleKey(event.key, rows, index)
    if (next === null) return
    event.preventDefault()
    const target = rows[next]
    if (target === undefined) return
    if (target.key !== selected) select(target.key)
    virtualizer.scrollToIndex(next, { align: 'auto' })
  }

  return (
    <div ref={scrollRef} className="tree-scroll" role="tree" aria-label={t('explorer.tree.label')} tabIndex={0}
      onKeyDown={onKeyDown} data-testid="topic-tree">
      <div className="tree-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]
          if (row === undefined) return null
          const style = { height: ROW_HEIGHT_PX, transform: `translateY(${item.start}px)` }
          return row.kind === 'connection'
            ? <ConnectionRootRow key={item.key} row={row} style={style} />
            : <TopicRow key={item.key} row={row} style={style} />
        })}
      </div>
    </div>
  )
}
