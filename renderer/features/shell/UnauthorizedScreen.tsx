// Full-page message when `topicscope serve` refused this page's token: retrying cannot help, so instead of
// the app it explains where to find a link with a fresh token.
import type { ReactElement } from 'react'
import { useT } from '../../i18n/use-t'
import { KeyIcon } from '../../ui/icons'

const SERVE_COMMAND = 'topicscope serve'
// Splits the translated sentence around the command so the command can be set in <code>.
const MARK = '\u0000'

export function UnauthorizedScreen(): ReactElement {
  const t = useT()
  const [before = '', after = ''] = t('unauthorized.hint', { command: MARK }).split(MARK)
  return (
    <main className="full-page" data-testid="unauthorized">
      <div className="full-page-card" role="alert">
        <span className="full-page-icon"><KeyIcon size={32} /></span>
        <h1>{t('unauthorized.title')}</h1>
        <p>{t('unauthorized.body')}</p>
        <p>{before}<code>{SERVE_COMMAND}</code>{after}</p>
      </div>
    </main>
  )
}
