// The broker console: the embedded broker's clients, connected or offline with a session it keeps, with
// their queues and inflight messages, refreshed with each status push while the view is open.
import { useEffect, type ReactElement } from 'react'
import { useT } from '../../i18n/use-t'
import { appStore } from '../../store/app-store'
import { clientsStore } from '../../store/clients-store'
import { ClientsTable } from './ClientsTable'

export function BrokerView(): ReactElement {
  const t = useT()
  useEffect(() => {
    void clientsStore.getState().refresh()
    // The status push comes once a second: the table follows it instead of polling on its own.
    return appStore.subscribe((s, prev) => { if (s.status !== prev.status) void clientsStore.getState().refresh() })
  }, [])
  return (
    <div className="view-body broker-view">
      <header className="view-header">
        <h1>{t('view.broker.title')}</h1>
      </header>
      <section className="panel" aria-labelledby="clients-title">
        <h2 className="panel-title" id="clients-title">{t('broker.clients.title')}</h2>
        <ClientsTable />
      </section>
    </div>
  )
}
