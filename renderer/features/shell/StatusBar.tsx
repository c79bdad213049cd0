// The bottom bar: link to the backend (connecting / connected / reconnecting in N s / token refused), mode,
// the embedded broker, backend uptime and memory, browsers connected in web mode, and the number of warnings.
import type { ReactElement } from 'react'
import { useStore } from 'zustand'
import { translateCount } from '../../../shared/i18n/translate'
import { useLanguage, useT } from '../../i18n/use-t'
import { appStore } from '../../store/app-store'
import { transportStore } from '../../transport/transport-store'
import { WarningIcon } from '../../ui/icons'
import { useNow } from '../../ui/use-now'
import { BrokerStatusItem } from './BrokerStatusItem'
import { formatMemory, formatUptime, transportLabel } from './format-status'

const COUNTDOWN_TICK_MS = 250

function TransportItem(): ReactElement {
  const t = useT()
  const state = useStore(transportStore, (s) => s.state)
  const retryAt = useStore(transportStore, (s) => s.retryAt)
  const now = useNow(state === 'reconnecting' && retryAt !== null, COUNTDOWN_TICK_MS)
  return (
    <span className={`status-item status-transport is-${state}`} data-testid="status-transport" data-state={state}>
      <span className="status-dot" aria-hidden="true" />
      {transportLabel({ state, retryAt }, now, t)}
    </span>
  )
}

export function StatusBar(): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const mode = useStore(appStore, (s) => s.info?.mode)
  const backendState = useStore(appStore, (s) => s.status?.state)
  const uptimeMs = useStore(appStore, (s) => s.status?.uptimeMs)
  const rssBytes = useStore(appStore, (s) => s.status?.memory.rssBytes)
  const webClients = useStore(appStore, (s) => s.status?.webClients)
  const warnings = useStore(appStore, (s) => s.status?.warnings.length ?? 0)

  return (
    <footer className="status-bar" data-testid="status-bar" aria-label={t('status.label')}>
      <TransportItem />
      {mode !== undefined && <span className="status-item status-optional">{t(mode === 'web' ? 'mode.web' : 'mode.desktop')}</span>}
      {backendState === 'stopping' && <span className="status-item is-attention">{t('status.backendStopping')}</span>}
      <BrokerStatusItem />
      <span className="status-spacer" />
      {mode === 'web' && webClients !== undefined && (
        <span className="status-item status-optional">{translateCount(lang, 'status.webClients', webClients)}</span>
      )}
      {uptimeMs !== undefined && (
        <span className="status-item" data-testid="status-uptime" title={t('status.uptime.title')}>
          {t('status.uptime', { duration: formatUptime(uptimeMs, t) })}
        </span>
      )}
      {rssBytes !== undefined && (
        <span className="status-item status-optional" title={t('status.memory.title')}>
          {t('status.memory', { size: formatMemory(rssBytes, lang) })}
        </span>
      )}
      <span className={`status-item${warnings > 0 ? ' is-attention' : ''}`} data-testid="status-warnings">
        {warnings > 0 && <WarningIcon size={14} />}
        {translateCount(lang, 'status.warnings', warnings)}
      </span>
    </footer>
  )
}
