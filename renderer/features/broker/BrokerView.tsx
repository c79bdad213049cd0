// The broker console: the embedded broker's overview (figures, drops, 15 minutes of plots), its clients
// (one in detail on request), subscriptions, retained messages, users, ACL, bridges and settings, all refreshed with each status
// push while the view is open.
import { useEffect, type ReactElement } from 'react'
import { useT } from '../../i18n/use-t'
import { appStore } from '../../store/app-store'
import { clientsStore } from '../../store/clients-store'
import { overviewStore } from '../../store/overview-store'
import { clientDetailStore } from '../../store/client-detail-store'
import { retainedAdminStore } from '../../store/retained-admin-store'
import { retainedTreeStore } from '../../store/retained-tree-store'
import { subscriptionsStore } from '../../store/subscriptions-store'
import { ClientsTable } from './ClientsTable'
import { OverviewPanel } from './OverviewPanel'
import { ClientDetailPanel } from './ClientDetailPanel'
import { RetainedPanel } from './RetainedPanel'
import { SubscriptionsPanel } from './SubscriptionsPanel'
import { UsersPanel } from './UsersPanel'
import { AclPanel } from './AclPanel'
import { BrokerSettingsPanel } from './settings/BrokerSettingsPanel'
import { BridgesPanel } from './bridges/BridgesPanel'
import { bridgesStore } from '../../store/bridges-store'
import { Panel } from '../../ui/Panel'

export function BrokerView(): ReactElement {
  const t = useT()
  useEffect(() => {
    const refresh = (): void => {
      void clientsStore.getState().refresh()
      void overviewStore.getState().refresh()
      void clientDetailStore.getState().refresh()
      void retainedAdminStore.getState().refresh()
      void retainedTreeStore.getState().refresh()
      void bridgesStore.getState().refresh()
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
      <Panel title={t('broker.overview.title')}><OverviewPanel /></Panel>
      <Panel title={t('broker.clients.title')}><ClientsTable /></Panel>
      <ClientDetailPanel />
      <Panel title={t('broker.subs.title')}><SubscriptionsPanel /></Panel>
      <Panel title={t('broker.retained.title')}><RetainedPanel /></Panel>
      <Panel title={t('broker.users.title')}><UsersPanel /></Panel>
      <Panel title={t('broker.acl.title')}><AclPanel /></Panel>
      <Panel title={t('broker.bridges.title')}><BridgesPanel /></Panel>
      <Panel title={t('broker.settings.title')}><BrokerSettingsPanel /></Panel>
    </div>
  )
}
