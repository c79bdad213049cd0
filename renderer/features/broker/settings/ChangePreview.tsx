// What applying the edited broker settings would do, said before the user applies it: which listeners
// reopen and how many clients each carries now, whether the whole broker restarts, what applies live.
import type { ReactElement } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import type { BrokerChangeEffect } from '../../../../shared/model/broker-change'
import { useT } from '../../../i18n/use-t'
import { appStore } from '../../../store/app-store'

export function ChangePreview({ effects }: { effects: BrokerChangeEffect[] }): ReactElement | null {
  const t = useT()
  const broker = useStore(appStore, useShallow((s) => s.status?.broker ?? null))
  if (effects.length === 0) return null
  const clientsOn = (kind: string): string => String(broker?.listeners.filter((l) => l.kind === kind).reduce((n, l) => n + l.clients, 0) ?? 0)
  const line = (e: BrokerChangeEffect): string => {
    if (e.kind === 'live') return t(`broker.settings.effect.live.${e.what}`)
    if (e.kind === 'broker-restart') return t('broker.settings.effect.broker-restart', { clients: String(broker?.clientsConnected ?? 0) })
    return t(`broker.settings.effect.${e.kind}`, { listener: t(`broker.settings.listener.${e.listener}`), clients: clientsOn(e.listener) })
  }
  const disruptive = effects.some((e) => e.kind === 'broker-restart' || e.kind === 'listener-restart' || e.kind === 'listener-stop')
  return (
    <div className={disruptive ? 'change-preview change-preview-warn' : 'change-preview'} data-testid="broker-change-preview" role="status">
      <strong>{t('broker.settings.effects')}</strong>
      <ul>{effects.map((e) => <li key={`${e.kind}-${'listener' in e ? e.listener : 'what' in e ? e.what : ''}`}>{line(e)}</li>)}</ul>
    </div>
  )
}
