// In the details pane: clear the selected topic's retained message, or every retained message below it,
// after a confirmation that says how many and names the first ones. Progress and the outcome (with its
// undo) show in the Explorer's header (ClearRetainedBanner), so they stay visible whatever is selected.
import type { ReactElement } from 'react'
import { translateCount } from '../../../../shared/i18n/translate'
import { useLanguage, useT } from '../../../i18n/use-t'
import { retainedStore, useRetained } from '../../../store/retained-store'
import { formatCount } from '../format-topic'

/** Topics the confirmation names before "and N more". */
const NAMED = 5

export function ClearRetainedActions({ connectionId, path, retained, hasChildren }: {
  connectionId: string; path: string; retained: boolean; hasChildren: boolean
}): ReactElement | null {
  const t = useT()
  const lang = useLanguage()
  const phase = useRetained((s) => s.phase)
  const mine = useRetained((s) => s.connectionId === connectionId)
  const busy = phase.kind === 'counting' || phase.kind === 'clearing' || phase.kind === 'undoing'
  if (phase.kind === 'confirm' && mine && phase.topic === path) {
    const n = phase.topics.length
    return (
      <div className="confirm-box" role="alertdialog" aria-label={t('retained.confirm.title')} data-testid="clear-confirm">
        {n === 0 ? <p>{t('retained.confirm.none')}</p> : (
          <>
            <p>{translateCount(lang, phase.subtree ? 'retained.confirm.subtree' : 'retained.confirm.one', n, { count: formatCount(n, lang), topic: path })}</p>
            <ul className="confirm-topics">
              {phase.topics.slice(0, NAMED).map((topic) => <li key={topic}><code>{topic}</code></li>)}
              {n > NAMED && <li className="hint">{translateCount(lang, 'retained.confirm.more', n - NAMED, { count: formatCount(n - NAMED, lang) })}</li>}
            </ul>
            <p className="hint">{t('retained.confirm.why')}</p>
          </>
        )}
        <div className="button-row">
          {n > 0 && (
            <button type="button" className="button button-danger" data-testid="clear-confirm-yes" onClick={() => void retainedStore.getState().confirm()}>
              {translateCount(lang, 'retained.confirm.yes', n, { count: formatCount(n, lang) })}
            </button>
          )}
          <button type="button" className="button" data-testid="clear-confirm-no" onClick={() => retainedStore.getState().cancel()}>{t('retained.confirm.no')}</button>
        </div>
      </div>
    )
  }
  if (!retained && !hasChildren) return null
  return (
    <div className="button-row details-actions">
      {retained && (
        <button type="button" className="button button-small" data-testid="clear-retained" disabled={busy}
          onClick={() => void retainedStore.getState().ask(connectionId, path, false)}>{t('retained.clear.topic')}</button>
      )}
      {hasChildren && (
        <button type="button" className="button button-small" data-testid="clear-retained-below" disabled={busy}
          onClick={() => void retainedStore.getState().ask(connectionId, path, true)}>{t('retained.clear.subtree')}</button>
      )}
    </div>
  )
}
