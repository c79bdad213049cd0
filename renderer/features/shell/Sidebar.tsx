// The navigation column: the app mark, then one button per view in VIEW_IDS order with its icon, title
// and shortcut. Views come from the registry, so a new view appears here without touching this file.
import type { ReactElement } from 'react'
import { viewTitleKey } from '../../../shared/i18n/translate'
import { VIEW_IDS } from '../../../shared/model/views'
import { useT } from '../../i18n/use-t'
import { navigationStore, useCurrentView } from '../../store/navigation-store'
import { LogoMark } from '../../ui/icons'
import { useStore } from 'zustand'
import { transportStore } from '../../transport/transport-store'
import { formatViewShortcut } from '../../ui/keyboard'
import type { ViewRegistry } from './view-registry'

const MAX_SHORTCUT_DIGIT = 9

export function Sidebar({ views }: { views: ViewRegistry }): ReactElement {
  const t = useT()
  const current = useCurrentView()
  const host = useStore(transportStore, (s) => s.kind)
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="brand">
        <LogoMark size={26} />
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <ul className="nav-list">
        {VIEW_IDS.map((id, index) => {
          const { Icon } = views[id]
          const keys = index < MAX_SHORTCUT_DIGIT ? formatViewShortcut(String(index + 1), host) : null
          return (
            <li key={id}>
              <button type="button" className="nav-item" data-testid={`nav-${id}`}
                aria-current={id === current ? 'page' : undefined}
                title={keys === null ? undefined : t('nav.shortcut', { keys })}
                onClick={() => navigationStore.getState().navigate(id)}>
                <Icon />
                <span className="nav-label">{t(viewTitleKey(id))}</span>
                {keys !== null && <kbd className="nav-keys" aria-hidden="true">{keys}</kbd>}
              </button>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
