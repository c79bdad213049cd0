// The embedded broker in the status bar: its first listener URL and live client count, with the
// details (sessions, subscriptions, retained, traffic, drops) in the tooltip.
import type { ReactElement } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { translateCount } from '../../../shared/i18n/translate'
import { useLanguage, useT } from '../../i18n/use-t'
import { appStore } from '../../store/app-store'

export function BrokerStatusItem(): ReactElement | null {
  const t = useT()
  const lang = useLanguage()
  const broker = useStore(appStore, useShallow((s) => s.status?.broker ?? null))
  if (broker === null) return null
  if (broker.state !== 'running') {
    return <span className="status-item is-attention" data-testid="status-broker" data-state={broker.state}>{t('status.broker.failed')}</span>
  }
  const title = t('status.broker.title', {
    clients: String(broker.clientsConnected), sessions: String(broker.sessions), subscriptions: String(broker.subscriptions),
    retained: String(broker.retained), received: String(broker.messagesReceived), sent: String(broker.messagesSent), dropped: String(broker.dropped),
  })
  return (
    <span className="status-item" data-testid="status-broker" data-state={broker.state} title={title}>
      {t('status.broker.running', { url: broker.urls[0] ?? '' })}
      {' · '}
      {translateCount(lang, 'status.brokerClients', broker.clientsConnected)}
    </span>
  )
}
