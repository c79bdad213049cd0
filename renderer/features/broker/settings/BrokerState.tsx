// Whether the embedded broker runs, and where: shown in the console's settings and in the Settings view.
import type { ReactElement } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { useT } from '../../../i18n/use-t'
import { appStore } from '../../../store/app-store'

export function BrokerState(): ReactElement {
  const t = useT()
  const broker = useStore(appStore, useShallow((s) => s.status?.broker ?? null))
  if (broker === null) return <p className="hint" data-testid="broker-state">{t('settings.broker.none')}</p>
  const text = broker.state === 'running'
    ? t('settings.broker.running', { url: broker.urls.join(', ') })
    : t('settings.broker.failed', { reason: broker.error ?? '' })
  return (
    <>
      <p className={broker.state === 'running' ? 'hint' : 'field-error'} data-testid="broker-state" data-state={broker.state}>{text}</p>
      {broker.portFromCommandLine !== null && <p className="hint">{t('settings.broker.commandLine', { port: String(broker.portFromCommandLine) })}</p>}
    </>
  )
}
