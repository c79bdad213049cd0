// The app's main views: one entry per ViewId (a missing entry is a compile error). A new view joins the app
// by its id in shared/model/views.ts, its `view.<id>.title` messages and one entry here; the sidebar,
// the shortcuts and About's shortcut list follow.
import type { ComponentType } from 'react'
import type { ViewId } from '../../../shared/model/views'
import { InfoIcon, LabIcon, ServerIcon, SlidersIcon, TreeIcon, type IconComponent } from '../../ui/icons'
import { LabView } from '../lab/LabView'
import { BrokerView } from '../broker/BrokerView'
import { AboutView } from '../about/AboutView'
import { ExplorerView } from '../explorer/ExplorerView'
import { SettingsView } from '../settings/SettingsView'

export interface ViewEntry {
  Icon: IconComponent
  Component: ComponentType
}

export type ViewRegistry = Readonly<Record<ViewId, ViewEntry>>

export const VIEW_REGISTRY: ViewRegistry = {
  explorer: { Icon: TreeIcon, Component: ExplorerView },
  broker: { Icon: ServerIcon, Component: BrokerView },
  lab: { Icon: LabIcon, Component: LabView },
  about: { Icon: InfoIcon, Component: AboutView },
  settings: { Icon: SlidersIcon, Component: SettingsView },
}
