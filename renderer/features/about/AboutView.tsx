// What Topicscope is, the facts of this running backend (app:info), the no-telemetry promise and the
// keyboard shortcuts. Read-only.
import type { ReactElement } from 'react'
import { viewTitleKey } from '../../../shared/i18n/translate'
import { VIEW_IDS } from '../../../shared/model/views'
import { useT } from '../../i18n/use-t'
import { useAppInfo } from '../../store/app-store'
import { LogoMark } from '../../ui/icons'
import { InfoList, type InfoItem } from '../../ui/InfoList'
import { useStore } from 'zustand'
import { transportStore } from '../../transport/transport-store'
import { formatViewShortcut } from '../../ui/keyboard'
import { Panel } from '../../ui/Panel'

const MAX_SHORTCUT_DIGIT = 9
const PLATFORM_NAMES: Readonly<Record<string, string>> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux', freebsd: 'FreeBSD' }

/** "darwin arm64" → "macOS arm64"; anything unknown is shown as sent. */
function platformName(platform: string): string {
  const [os = '', ...rest] = platform.split(' ')
  return [PLATFORM_NAMES[os] ?? os, ...rest].join(' ')
}

function Details(): ReactElement {
  const t = useT()
  const info = useAppInfo()
  const unknown = t('about.unknown')
  const items: InfoItem[] = [
    { label: t('about.version'), value: info?.version ?? unknown },
    { label: t('about.mode'), value: info === null ? unknown : t(info.mode === 'web' ? 'mode.web' : 'mode.desktop') },
    { label: t('about.runtime'), value: info?.runtime ?? unknown },
    { label: t('about.platform'), value: info === null ? unknown : platformName(info.platform) },
    { label: t('about.dataDir'), value: info?.dataDir ?? unknown, code: info !== null },
    { label: t('about.settingsFile'), value: info?.settingsFile ?? unknown, code: info !== null },
  ]
  return <InfoList items={items} />
}

function Shortcuts(): ReactElement {
  const t = useT()
  const host = useStore(transportStore, (s) => s.kind)
  return (
    <ul className="shortcut-list">
      {VIEW_IDS.slice(0, MAX_SHORTCUT_DIGIT).map((id, index) => (
        <li key={id}>
          <span>{t('about.shortcuts.showView', { view: t(viewTitleKey(id)) })}</span>
          <kbd>{formatViewShortcut(String(index + 1), host)}</kbd>
        </li>
      ))}
    </ul>
  )
}

export function AboutView(): ReactElement {
  const t = useT()
  return (
    <div className="view-body">
      <header className="hero">
        <LogoMark size={64} />
        <div>
          <h1>{t('app.name')}</h1>
          <p className="lead">{t('about.tagline')}</p>
        </div>
      </header>
      <p className="callout">
        <strong>{t('about.privacy.title')}</strong>
        <span>{t('about.privacy.body')}</span>
      </p>
      <Panel title={t('about.details.title')}>
        <Details />
      </Panel>
      <Panel title={t('about.shortcuts.title')}>
        <Shortcuts />
      </Panel>
    </div>
  )
}
