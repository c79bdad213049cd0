// The native menu: the usual roles and shortcuts, plus one entry per app view (Ctrl/Cmd+1..9).
import type { MenuItemConstructorOptions } from 'electron'
import { translate, type MessageKey } from '../shared/i18n/translate'
import { VIEW_IDS, type ViewId } from '../shared/model/views'

export interface MenuActions {
  navigate(view: ViewId): void
  openProjectPage(): void
}

/** Builds the template for `platform` in `lang`; macOS gets the app menu it expects. */
export function buildMenuTemplate(platform: NodeJS.Platform, lang: 'en' | 'fr', actions: MenuActions): MenuItemConstructorOptions[] {
  const t = (key: MessageKey) => translate(lang, key)
  const isMac = platform === 'darwin'
  const settingsItem: MenuItemConstructorOptions = { label: t('menu.settings'), accelerator: 'CmdOrCtrl+,', click: () => actions.navigate('settings') }
  const aboutItem: MenuItemConstructorOptions = { label: t('menu.about'), click: () => actions.navigate('about') }
  const template: MenuItemConstructorOptions[] = []
  if (isMac) {
    template.push({ role: 'appMenu', submenu: [aboutItem, { type: 'separator' }, settingsItem, { type: 'separator' },
      { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' },
      { type: 'separator' }, { role: 'quit' }] })
  }
  template.push({ label: t('menu.file'), submenu: isMac ? [{ role: 'close', label: t('menu.close') }]
    : [settingsItem, { type: 'separator' }, { role: 'quit', label: t('menu.quit'), accelerator: 'Ctrl+Q' }] })
  template.push({ label: t('menu.edit'), role: 'editMenu' })
  template.push({ label: t('menu.view'), submenu: [
    { role: 'reload', label: t('menu.reload') },
    { role: 'toggleDevTools', label: t('menu.toggleDevTools') },
    { type: 'separator' },
    { role: 'resetZoom', label: t('menu.resetZoom') },
    { role: 'zoomIn', label: t('menu.zoomIn') },
    { role: 'zoomOut', label: t('menu.zoomOut') },
    { type: 'separator' },
    { role: 'togglefullscreen', label: t('menu.toggleFullScreen') },
  ] })
  template.push({ label: t('menu.go'), submenu: VIEW_IDS.map((view, i): MenuItemConstructorOptions => ({
    label: t(`view.${view}.title` as MessageKey),
    ...(i < 9 ? { accelerator: `CmdOrCtrl+${i + 1}` } : {}),
    click: () => actions.navigate(view),
  })) })
  template.push({ label: t('menu.window'), role: 'windowMenu' })
  template.push({ label: t('menu.help'), role: 'help', submenu: [
    ...(isMac ? [] : [aboutItem]),
    { label: t('menu.learnMore'), click: () => actions.openProjectPage() },
  ] })
  return template
}
