// The embedded broker's listener: port and who may connect. Edited locally and applied with one button,
// since applying restarts the broker (said before the user clicks); shows whether it runs and where.
import { useEffect, useState, type ReactElement } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { DURABILITIES, PERSISTENCE_MODES, type Durability, type PersistenceMode } from '../../../shared/model/persistence'
import type { BrokerExposure } from '../../../shared/model/settings'
import { useT } from '../../i18n/use-t'
import { appStore } from '../../store/app-store'
import { settingsStore, useBrokerSettings } from '../../store/settings-store'
import { NumberField } from '../../ui/NumberField'
import { SelectField, type SelectOption } from '../../ui/SelectField'

const MIN_PORT = 1
const MAX_PORT = 65_535

/** The port typed, or null when it is not a whole number in range. */
function parsePort(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null
  const port = Number(text)
  return port >= MIN_PORT && port <= MAX_PORT ? port : null
}

function BrokerState(): ReactElement {
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

export function BrokerSettingsPanel(): ReactElement {
  const t = useT()
  const stored = useBrokerSettings()
  const [portText, setPortText] = useState(String(stored.port))
  const [exposure, setExposure] = useState<BrokerExposure>(stored.exposure)
  const [persistence, setPersistence] = useState<PersistenceMode>(stored.persistence)
  const [durability, setDurability] = useState<Durability>(stored.durability)
  // A change from elsewhere (another tab, the backend's first answer) resets the form.
  useEffect(() => {
    setPortText(String(stored.port))
    setExposure(stored.exposure)
    setPersistence(stored.persistence)
    setDurability(stored.durability)
  }, [stored.port, stored.exposure, stored.persistence, stored.durability])

  const port = parsePort(portText)
  const changed = port !== null && (port !== stored.port || exposure !== stored.exposure || persistence !== stored.persistence || durability !== stored.durability)
  const modes: SelectOption<PersistenceMode>[] = PERSISTENCE_MODES.map((m) => ({ value: m, label: t(`settings.broker.persistence.${m}`) }))
  const durabilities: SelectOption<Durability>[] = DURABILITIES.map((d) => ({ value: d, label: t(`settings.broker.durability.${d}`) }))
  const exposures: SelectOption<BrokerExposure>[] = [
    { value: 'local', label: t('settings.broker.exposure.local') },
    { value: 'network', label: t('settings.broker.exposure.network') },
  ]
  return (
    <>
      <BrokerState />
      <NumberField label={t('settings.broker.port')} value={portText} onChange={setPortText} min={MIN_PORT} max={MAX_PORT}
        error={port === null ? t('settings.broker.portInvalid') : null} testId="setting-broker-port" />
      <SelectField label={t('settings.broker.exposure')} value={exposure} options={exposures} onChange={(value: BrokerExposure) => setExposure(value)} testId="setting-broker-exposure" />
      {exposure === 'network' && <p className="field-error">{t('settings.broker.networkWarning')}</p>}
      <SelectField label={t('settings.broker.persistence')} value={persistence} options={modes}
        onChange={(value: PersistenceMode) => setPersistence(value)} testId="setting-broker-persistence" />
      <p className="hint" data-testid="setting-broker-persistence-hint">{t(`settings.broker.persistence.${persistence}.hint`)}</p>
      {persistence !== 'none' && (
        <SelectField label={t('settings.broker.durability')} value={durability} options={durabilities}
          onChange={(value: Durability) => setDurability(value)} testId="setting-broker-durability" />
      )}
      <div className="button-row">
        <button type="button" className="button button-primary" disabled={!changed} data-testid="setting-broker-apply"
          onClick={() => port !== null && void settingsStore.getState().update({ broker: { port, exposure, persistence, durability } })}>
          {t('settings.broker.apply')}
        </button>
      </div>
      <p className="hint">{t('settings.broker.restartHint')}</p>
    </>
  )
}
