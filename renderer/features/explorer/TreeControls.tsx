// The tree toolbar above the topic tree: search, the sort select, and Pause/Resume with the meter of the updates
// held meanwhile (how many, how full the bounded buffer is, or that it overflowed and the tree will reload).
import type { ReactElement } from 'react'
import { translateCount } from '../../../shared/i18n/translate'
import { useLanguage, useT } from '../../i18n/use-t'
import { topicTreeStore, useHeldSummary, usePaused } from '../../store/topic-tree-store'
import { TREE_SORTS, treeViewStore, useTreeSort, type TreeSort } from '../../store/tree-view-store'
import { formatCount } from './format-topic'
import { TreeSearch } from './TreeSearch'

function SortSelect(): ReactElement {
  const t = useT()
  const sort = useTreeSort()
  return (
    <label className="tree-sort">
      <span>{t('explorer.sort.label')}</span>
      <select value={sort} data-testid="tree-sort"
        onChange={(e) => {
          const picked = TREE_SORTS.find((s) => s === e.target.value)
          if (picked !== undefined) treeViewStore.getState().setSort(picked)
        }}>
        {TREE_SORTS.map((s: TreeSort) => <option key={s} value={s}>{t(`explorer.sort.${s}`)}</option>)}
      </select>
    </label>
  )
}

/** Shown while paused: the waiting count and the fill of the fullest connection's buffer. */
function BufferMeter(): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const { waiting, fill, overflowed } = useHeldSummary()
  const percent = Math.round(fill * 100)
  return (
    <div className={`tree-buffer-meter${overflowed ? ' is-overflowed' : ''}`} data-testid="tree-buffer-meter" role="status">
      <span className="tree-buffer-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}
        aria-label={t('explorer.pause.fill', { percent })} title={t('explorer.pause.fill', { percent })}>
        <span className="tree-buffer-fill" style={{ width: `${percent}%` }} />
      </span>
      <span>
        {overflowed
          ? t('explorer.pause.overflow')
          : translateCount(lang, 'explorer.pause.waiting', waiting, { count: formatCount(waiting, lang) })}
      </span>
    </div>
  )
}

export function TreeControls(): ReactElement {
  const t = useT()
  const paused = usePaused()
  return (
    <div className="tree-controls">
      <TreeSearch />
      <SortSelect />
      <button type="button" className={`button button-small tree-pause${paused ? ' is-paused' : ''}`} data-testid="tree-pause"
        aria-pressed={paused} title={t('explorer.pause.title')}
        onClick={() => (paused ? topicTreeStore.getState().resume() : topicTreeStore.getState().pause())}>
        {paused ? t('explorer.pause.resume') : t('explorer.pause.pause')}
      </button>
      {paused && <BufferMeter />}
    </div>
  )
}
