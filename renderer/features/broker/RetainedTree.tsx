// The retained store as a tree: each level with the retained messages at and below it; opening a level
// fetches its children, and choosing one shows its subtree in the table beside it (where it can be
// deleted with a preview and undone).
import type { ReactElement } from 'react'
import { useLanguage, useT } from '../../i18n/use-t'
import { retainedAdminStore, useRetainedAdmin } from '../../store/retained-admin-store'
import { retainedTreeStore, TOP, useRetainedTree } from '../../store/retained-tree-store'
import { formatBytes, formatCount } from '../explorer/format-topic'

function Levels({ parent, depth }: { parent: string; depth: number }): ReactElement | null {
  const t = useT()
  const lang = useLanguage()
  const levels = useRetainedTree((s) => s.levels[parent])
  const expanded = useRetainedTree((s) => s.expanded)
  const filter = useRetainedAdmin((s) => s.filter)
  if (levels === undefined) return null
  return (
    <>
      {levels.levels.map((l) => {
        const open = expanded.includes(l.path)
        const chosen = filter === `${l.path}/#`
        return (
          <li key={l.path} role="treeitem" aria-expanded={l.hasChildren ? open : undefined} aria-selected={chosen} data-testid={`retained-level-${l.path}`}>
            <div className={chosen ? 'retained-level retained-level-chosen' : 'retained-level'} style={{ paddingLeft: depth * 16 }}>
              <button type="button" className="tree-toggle" disabled={!l.hasChildren} aria-label={t(open ? 'broker.retained.collapse' : 'broker.retained.expand')}
                onClick={() => void retainedTreeStore.getState().toggle(l.path)}>{l.hasChildren ? (open ? '▾' : '▸') : ''}</button>
              <button type="button" className="retained-level-name" onClick={() => void retainedAdminStore.getState().setFilter(`${l.path}/#`)}>
                {l.level === '' ? <em>{t('broker.retained.emptyLevel')}</em> : l.level}{l.retained && <span className="hint"> ●</span>}
              </button>
              <span className="hint">{formatCount(l.count, lang)} · {formatBytes(l.bytes, lang)}</span>
            </div>
            {open && <ul role="group"><Levels parent={l.path} depth={depth + 1} /></ul>}
          </li>
        )
      })}
      {levels.total > levels.levels.length && (
        <li className="hint" style={{ paddingLeft: depth * 16 }}>{t('broker.retained.moreLevels', { count: formatCount(levels.total - levels.levels.length, lang) })}</li>
      )}
    </>
  )
}

export function RetainedTree(): ReactElement {
  const t = useT()
  const top = useRetainedTree((s) => s.levels[TOP])
  return (
    <div className="retained-tree">
      <ul role="tree" aria-label={t('broker.retained.tree')} data-testid="retained-tree"><Levels parent={TOP} depth={0} /></ul>
      {top !== undefined && top.total === 0 && <p className="hint">{t('broker.retained.none')}</p>}
    </div>
  )
}
