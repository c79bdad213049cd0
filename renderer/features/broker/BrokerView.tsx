// The broker console: the embedded broker's overview (figures, drops, 15 minutes of plots) and its clients, connected or offline with a session it keeps, with
// their queues and inflight messages, refreshed with each status push while the view is open.
import { useEffect, type ReactElement } from 'react'
import { useT } from '../../i18n/use-t'
import { appStore } from '../../store/app-store'
import { clientsStore } from '../../store/clients-store'
import { overviewStore } from '../../store/overview-store'
import { clientDetailStore } from '../../store/client-detail-store'
import { retainedAdminStore } from '../../store/retained-admin-store'
import { subscriptionsStore } from '../../store/subscriptions-store'
import { ClientsTable } from './ClientsTable'
import { OverviewPanel } from './OverviewPanel'
import { ClientDetailPanel } from './ClientDetailPanel'
import { RetainedPanel } from './RetainedPanel'
import { SubscriptionsPanel } from './SubscriptionsPanel'
import { UsersPanel } from './UsersPanel'

export function BrokerView(): ReactElement {
  const t = useT()
  useEffect(() => {
    const refresh = (): void => {
      void clientsStore.getState().refresh()
      void overviewStore.getState().refresh()
      void clientDetailStore.getState().refresh()
      void retainedAdminStore.getState().refresh()
      void subscriptionsStore.getState().refresh()
    }
    refresh()
    // The status push comes once a second: the view follows it instead of polling on its own.
    return appStore.subscribe((s, prev) => { if (s.status !== prev.status) refresh() })
  }, [])
  return (
    <div className="view-body broker-view">
      <header className="view-header">
        <h1>{t('view.broker.title')}</h1>
      </header>
      <section className="panel" aria-labelledby="overview-title">
        <h2 className="panel-title" id="overview-title">{t('broker.overview.title')}</h2>
        <OverviewPanel />
      </section>
      <section className="panel" aria-labelledby="clients-title">
        <h2 className="panel-title" id="clients-title">{t('broker.clients.title')}</h2>
        <ClientsTable />
      </section>
      <ClientDetailPanel />
      <section className="panel" aria-labelledby="subs-title">
        <h2 className="panel-title" id="subs-title">{t('broker.subs.title')}</h2>
        <SubscriptionsPanel />
      </section>
      <section className="panel" aria-labelledby="retained-title">
        <h2 className="panel-title" id="retained-title">{t('broker.retained.title')}</h2>
        <RetainedPanel />
      </section>
      <section className="panel" aria-labelledby="users-title">
        <h2 className="panel-title" id="users-title">{t('broker.users.title')}</h2>
        <UsersPanel />
      </section>
    </div>
  )
}
