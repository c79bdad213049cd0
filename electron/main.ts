// Electron entry: app lifecycle, the single window, and the wiring AppCore ↔ ipc/. Thin on purpose:
// everything testable lives in core/, ipc/, window/ and menu.ts.
import { app, BrowserWindow, ipcMain, Menu, nativeTheme, safeStorage, screen, shell } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { resolveLanguage } from '../shared/i18n/translate'
import type { ViewId } from '../shared/model/views'
import { AppCore } from './core/app-core'
import { FILE_0600_CODEC, type SecretCodec } from './core/explorer/profile-store'
import { consoleLogger } from './core/support/logger'
import { createInvokeHandlers } from './ipc/handlers'
import { webContentsPushTarget } from './ipc/push'
import { registerInvokeHandlers } from './ipc/register'
import { buildMenuTemplate } from './menu'
import { installNavigationGuard } from './window/navigation-guard'
import { buildWindowOptions, fitsOnSomeDisplay } from './window/window-options'
import { trackWindowState } from './window/window-state-tracker'

const PROJECT_PAGE_URL = 'https://topicscope.invalid'
const log = consoleLogger()
const rendererIndex = join(__dirname, '..', 'renderer', 'index.html')
const appUrl = pathToFileURL(rendererIndex).toString()

let mainWindow: BrowserWindow | null = null

/** Starts the app; returns false when another instance already runs (it gets focused instead). */
export async function startDesktopApp(): Promise<boolean> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', () => {
    if (mainWindow === null) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('web-contents-created', (_event, contents) => installNavigationGuard(contents, appUrl, (url) => void shell.openExternal(url)))
  await app.whenReady()

  const core = await AppCore.open({ mode: 'desktop', dataDir: app.getPath('userData'), version: app.getVersion(), log, broker: { portOverride: null }, secretCodec: keychainCodec() })
  registerInvokeHandlers(ipcMain, createInvokeHandlers(core), appUrl, log)
  core.attachPushTarget(webContentsPushTarget(() => mainWindow?.webContents ?? null))

  const navigate = (view: ViewId) => core.push.send('app:navigate', { view })
  const applyMenu = () => {
    const lang = resolveLanguage(core.settings.get().appearance.language, [app.getLocale()])
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, lang, {
      navigate,
      openProjectPage: () => void shell.openExternal(PROJECT_PAGE_URL),
    })))
  }
  applyMenu()
  core.attachPushTarget({ send: (channel) => { if (channel === 'settings:changed') applyMenu() } })

  const openWindow = () => {
    let state = core.settings.getWindowState()
    if (!fitsOnSomeDisplay(state, screen.getAllDisplays())) state = { ...state, x: undefined, y: undefined }
    const win = new BrowserWindow(buildWindowOptions(state, join(__dirname, 'preload.js'), nativeTheme.shouldUseDarkColors))
    mainWindow = win
    trackWindowState(win, (s) => void core.settings.setWindowState(s))
    win.once('ready-to-show', () => {
      if (state.maximized) win.maximize()
      win.show()
    })
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null
    })
    void win.loadURL(appUrl)
  }
  openWindow()

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let closing = false
  app.on('before-quit', (event) => {
    if (closing) return
    closing = true
    event.preventDefault()
    void core.close().finally(() => app.quit())
  })
  return true
}

startDesktopApp().catch((err: unknown) => {
  log.error('Topicscope failed to start', err)
  app.exit(1)
})

/** Connection secrets sealed by the OS keychain (safeStorage); a 0600 file where it is unavailable. */
function keychainCodec(): SecretCodec {
  if (!safeStorage.isEncryptionAvailable()) return FILE_0600_CODEC
  return {
    kind: 'os-keychain',
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  }
}
