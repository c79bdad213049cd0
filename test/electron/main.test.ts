// The Electron main process with `electron` mocked (the binary cannot run here): window options,
// the IPC sender check, errors turned into AppErrors, navigation guard, single-instance lock, menu.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeTempDir } from '../support/temp-dir'

const dataDir = makeTempDir()
const h = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void
  const emitter = () => {
    const listeners = new Map<string, Listener[]>()
    return {
      listeners,
      on: (event: string, fn: Listener) => { listeners.set(event, [...(listeners.get(event) ?? []), fn]) },
      once: (event: string, fn: Listener) => { listeners.set(event, [...(listeners.get(event) ?? []), fn]) },
      emit: (event: string, ...args: unknown[]) => { for (const fn of listeners.get(event) ?? []) fn(...args) },
    }
  }
  return {
    emitter,
    appEvents: emitter(),
    handlers: new Map<string, (event: unknown, raw: unknown) => Promise<unknown>>(),
    windows: [] as Array<{ options: Record<string, unknown>; loadURL: ReturnType<typeof import('vitest').vi.fn>; sent: Array<[string, unknown]> }>,
    menus: [] as unknown[],
    openExternal: [] as string[],
    lock: { value: true },
    quit: { count: 0 },
    dataDir: { path: '' },
  }
})

vi.mock('electron', () => {
  class BrowserWindow {
    static all: BrowserWindow[] = []
    static getAllWindows = () => BrowserWindow.all
    readonly events = h.emitter()
    readonly sent: Array<[string, unknown]> = []
    readonly webContents = { send: (c: string, p: unknown) => this.sent.push([c, p]), isDestroyed: () => false }
    readonly loadURL = vi.fn(async () => undefined)
    constructor(readonly options: Record<string, unknown>) {
      BrowserWindow.all.push(this)
      h.windows.push(this)
    }
    on = (e: string, fn: () => void) => this.events.on(e, fn)
    once = (e: string, fn: () => void) => this.events.once(e, fn)
    show = vi.fn()
    maximize = vi.fn()
    isMinimized = () => false
    isMaximized = () => false
    isDestroyed = () => false
    getNormalBounds = () => ({ x: 1, y: 2, width: 1000, height: 700 })
  }
  return {
    app: {
      requestSingleInstanceLock: () => h.lock.value,
      on: h.appEvents.on,
      whenReady: async () => undefined,
      getPath: () => h.dataDir.path,
      getVersion: () => '9.9.9',
      getLocale: () => 'fr-FR',
      quit: () => { h.quit.count++ },
      exit: vi.fn(),
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: (event: unknown, raw: unknown) => Promise<unknown>) => h.handlers.set(channel, fn), removeHandler: vi.fn() },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => h.menus.push(m) },
    nativeTheme: { shouldUseDarkColors: false },
    safeStorage: { isEncryptionAvailable: () => true, encryptString: (s: string) => Buffer.from(`sealed:${s}`), decryptString: (b: Buffer) => b.toString().replace(/^sealed:/, '') },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: { openExternal: async (url: string) => { h.openExternal.push(url) } },
  }
})

describe('Electron main (electron mocked)', () => {
  let appUrl = ''
  beforeAll(async () => {
    h.dataDir.path = dataDir.path
    // The embedded broker reads its port from the settings: a free one, so the test never needs 1883.
    writeFileSync(join(dataDir.path, 'settings.json'), JSON.stringify({ schemaVersion: 1, broker: { port: 0, exposure: 'local' } }))
    await import('../../electron/main')
    await vi.waitFor(() => expect(h.windows).toHaveLength(1))
    appUrl = h.windows[0]!.loadURL.mock.calls[0]![0] as string
  })
  afterAll(async () => {
    h.appEvents.emit('before-quit', { preventDefault: () => undefined }) // closes AppCore and its broker
    await vi.waitFor(() => expect(h.quit.count).toBeGreaterThan(0))
    dataDir.remove()
  })

  const trusted = { senderFrame: { url: () => appUrl } }
  const call = (channel: string, raw: unknown, url = appUrl) => h.handlers.get(channel)!({ senderFrame: { url } }, raw)

  it('opens one window with context isolation, sandbox and no Node in the page', () => {
    const prefs = h.windows[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
    expect(String(prefs.preload)).toMatch(/preload\.js$/)
    expect(h.windows[0]!.options.show).toBe(false)
  })

  it('loads the bundled renderer from a file URL', () => {
    expect(appUrl).toMatch(/^file:\/\/.*\/renderer\/index\.html$/)
    void trusted
  })

  it('starts the embedded broker from the settings and shows it in the status', async () => {
    const status = (await call('app:status', null)) as { ok: true; value: { broker: { state: string; urls: string[] } } }
    expect(status.value.broker.state).toBe('running')
    expect(status.value.broker.urls[0]).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/)
  })

  it('answers invokes from the app page with a Result', async () => {
    expect(await call('app:info', null)).toMatchObject({ ok: true, value: { name: 'Topicscope', version: '9.9.9', mode: 'desktop', dataDir: dataDir.path } })
  })

  it('refuses invokes from any other frame', async () => {
    expect(await call('app:info', null, 'https://evil.example/')).toEqual({ ok: false, error: { code: 'forbidden', message: 'Untrusted sender.' } })
  })

  it('turns bad input into a bad-request AppError instead of throwing', async () => {
    expect(await call('settings:update', { appearance: { theme: 'purple' } })).toMatchObject({
      ok: false, error: { code: 'bad-request', message: expect.stringContaining('Theme must be one of') } })
  })

  it('turns an unexpected handler error into an internal AppError without details', async () => {
    expect(await call('app:dismiss-warning', { id: { toString: null } })).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    // A request object whose getter throws reaches the handler's parse: the error must not escape.
    const hostile = Object.defineProperty({}, 'appearance', { get() { throw new Error('boom') }, enumerable: true })
    expect(await call('settings:update', hostile)).toEqual({ ok: false, error: { code: 'internal', message: 'Unexpected error (details in the log).' } })
  })

  it('registers a handler for every allowlisted channel', async () => {
    const { INVOKE_CHANNELS } = await import('../../shared/ipc/contract')
    expect([...h.handlers.keys()].sort()).toEqual(Object.keys(INVOKE_CHANNELS).sort())
  })

  it('pushes settings changes to the window', async () => {
    await call('settings:update', { appearance: { language: 'en' } })
    expect(h.windows[0]!.sent).toContainEqual(['settings:changed', expect.objectContaining({
      appearance: { theme: 'system', language: 'en' },
      broker: expect.objectContaining({ port: 0, exposure: 'local', persistence: 'acknowledged', durability: 'process', allowAnonymous: true }),
    })])
  })

  it('keeps the page on the app: navigation away is blocked and web links open in the browser', () => {
    const contents = h.emitter()
    let openHandler: ((d: { url: string }) => { action: string }) | null = null
    let permission: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null
    h.appEvents.emit('web-contents-created', {}, {
      on: contents.on,
      setWindowOpenHandler: (fn: typeof openHandler) => { openHandler = fn },
      session: { setPermissionRequestHandler: (fn: typeof permission) => { permission = fn } },
    })
    const navigation = { preventDefault: vi.fn() }
    contents.emit('will-navigate', navigation, 'https://example.org/page')
    expect(navigation.preventDefault).toHaveBeenCalled()
    expect(h.openExternal).toContain('https://example.org/page')
    const fileNav = { preventDefault: vi.fn() }
    contents.emit('will-navigate', fileNav, 'file:///etc/passwd')
    expect(fileNav.preventDefault).toHaveBeenCalled()
    expect(h.openExternal).not.toContain('file:///etc/passwd')
    expect(openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    let granted: boolean | null = null
    permission!({}, 'media', (g) => { granted = g })
    expect(granted).toBe(false)
  })

  it('builds a native menu in the OS language with view shortcuts', () => {
    const template = h.menus.at(-1) as Array<{ label?: string; submenu?: Array<{ accelerator?: string; label?: string }> }>
    const go = template.find((m) => m.submenu?.some((i) => i.accelerator === 'CmdOrCtrl+1'))
    expect(go).toBeDefined()
    expect(template.some((m) => m.label === 'Édition' || m.label === 'Edit')).toBe(true)
  })

  it('asks the page to show a view when a Go menu item is clicked', () => {
    const template = h.menus.at(-1) as Array<{ submenu?: Array<{ accelerator?: string; click?: () => void }> }>
    const item = template.flatMap((m) => m.submenu ?? []).find((i) => i.accelerator === 'CmdOrCtrl+5')!
    item.click!()
    expect(h.windows[0]!.sent).toContainEqual(['app:navigate', { view: 'settings' }])
  })
})
