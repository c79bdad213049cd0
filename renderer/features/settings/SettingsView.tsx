// Appearance (theme, language), saved through settings:update and applied at once; where the embedded
// broker runs (its settings are in the Broker view); saved connections (where their secrets are kept, export and import); and where the data lives
// (read-only: the folder is chosen by the backend).
import type { ReactElement } from 'react'
import type { LanguageSetting, ThemeSetting } from '../../../shared/model/settings'
import { describeError } from '../../i18n/describe-error'
import { useSystemLanguage, useT } from '../../i18n/use-t'
import { useAppInfo } from '../../store/app-store'
import { settingsStore, useLanguageSetting, useSettingsError, useThemeSetting } from '../../store/settings-store'
import { useSystemTheme } from '../../theme/use-theme'
import { Banner } from '../../ui/Banner'
import { InfoList } from '../../ui/InfoList'
import { Panel } from '../../ui/Panel'
import { SelectField, type SelectOption } from '../../ui/SelectField'
import { BrokerState } from '../broker/settings/BrokerState'
import { BROKER_SETTINGS_ID } from '../broker/settings/BrokerSettingsPanel'
import { navigationStore } from '../../store/navigation-store'
import { ConnectionsTransferPanel } from './ConnectionsTransferPanel'

/** Shows the Broker view scrolled to its settings panel (once React has drawn it). */
function openBrokerSettings(): void {
  navigationStore.getState().navigate('broker')
  requestAnimationFrame(() => document.getElementById(BROKER_SETTINGS_ID)?.scrollIntoView({ block: 'start' }))
}

function AppearanceFields(): ReactElement {
  const t = useT()
  const theme = useThemeSetting()
  const language = useLanguageSetting()
  const systemTheme = useSystemTheme()
  const systemLanguage = useSystemLanguage()
  const { update } = settingsStore.getState()

  const themes: SelectOption<ThemeSetting>[] = [
    { value: 'system', label: `${t('settings.theme.system')} (${t(`settings.theme.${systemTheme}`)})` },
    { value: 'light', label: t('settings.theme.light') },
    { value: 'dark', label: t('settings.theme.dark') },
  ]
  // Each language is named in itself, so it can be found whatever the current language is.
  const languages: SelectOption<LanguageSetting>[] = [
    { value: 'system', label: `${t('settings.language.system')} (${t(`settings.language.${systemLanguage}`)})` },
    { value: 'en', label: t('settings.language.en') },
    { value: 'fr', label: t('settings.language.fr') },
  ]
  return (
    <>
      <SelectField label={t('settings.theme')} value={theme} options={themes} testId="setting-theme"
        onChange={(value) => void update({ appearance: { theme: value } })} />
      <SelectField label={t('settings.language')} value={language} options={languages} testId="setting-language"
        onChange={(value) => void update({ appearance: { language: value } })} />
      <p className="hint">{t('settings.saved')}</p>
    </>
  )
}

function SaveError(): ReactElement | null {
  const t = useT()
  const error = useSettingsError()
  if (error === null) return null
  return (
    <Banner tone="error" testId="settings-error" dismissLabel={t('banner.dismiss')}
      onDismiss={() => settingsStore.getState().clearError()}>
      <strong>{t('settings.saveFailed')}</strong> {describeError(error, t)}
    </Banner>
  )
}

function Storage(): ReactElement {
  const t = useT()
  const info = useAppInfo()
  const unknown = t('about.unknown')
  return (
    <>
      <InfoList items={[
        { label: t('settings.dataDir'), value: info?.dataDir ?? unknown, code: info !== null },
        { label: t('settings.settingsFile'), value: info?.settingsFile ?? unknown, code: info !== null },
      ]} />
      <p className="hint">{t('settings.storage.hint')}</p>
    </>
  )
}

export function SettingsView(): ReactElement {
  const t = useT()
  return (
    <div className="view-body">
      <header className="view-header">
        <h1>{t('view.settings.title')}</h1>
      </header>
      <SaveError />
      <Panel title={t('settings.appearance.title')}>
        <AppearanceFields />
      </Panel>
      <Panel title={t('settings.broker.title')}>
        <BrokerState />
        <p className="hint">{t('settings.broker.moved')}</p>
        <div className="button-row">
          <button type="button" className="button" data-testid="settings-open-broker" onClick={openBrokerSettings}>{t('settings.broker.open')}</button>
        </div>
      </Panel>
      <Panel title={t('settings.connections.title')}>
        <ConnectionsTransferPanel />
      </Panel>
      <Panel title={t('settings.storage.title')}>
        <Storage />
      </Panel>
    </div>
  )
}
