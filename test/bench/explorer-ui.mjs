// The Explorer under load, in Chromium against a real `topicscope serve`: two connections (the embedded
// broker and a second Topicscope broker, opened at start), external publishers sending `rate` msg/s over
// `topics` distinct topics for `durationS` seconds, the tree open and scrolled. It measures what the user
// feels: the frame interval (p95), the time from a click on a row to its detail, the counts the tree shows
// against what was published, and the heap of the backend and of the page. `flushMs: 0` turns the tree's
// batching off (TOPICSCOPE_TREE_FLUSH_MS), so the gain of batching shows.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright'
import { openClient, publishTemplate } from './load.mjs'
import { procStatusKb, sleep, startBroker, TOPICSCOPE_ENTRY } from './servers.mjs'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Publishers per connection; each sends its share every TICK_MS. */
const PUBLISHERS = 2
const TICK_MS = 20
const CLICK_EVERY_MS = 3_000
const SCROLL_EVERY_MS = 250
/** How long after the load the tree may take to show the last counts. */
const SETTLE_MS = 5_000

export async function runExplorerUiBench({ durationS = 60, rate = 10_000, topics = 20_000, flushMs = null } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ui-'))
  const second = await startBroker('topicscope')
  // The second broker, saved as a profile that opens at start: the tree gets two roots.
  writeFileSync(join(dataDir, 'connections.json'), JSON.stringify({ schemaVersion: 1, profiles: [secondProfile(second.port)] }))
  writeFileSync(join(dataDir, 'connection-secrets.json'), JSON.stringify({ schemaVersion: 1, secrets: {} }), { mode: 0o600 })
  const serve = await startServe(dataDir, flushMs)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] })
  const publishers = []
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } })
    await page.goto(serve.url)
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="connection-root-"]').length >= 2 &&
      [...document.querySelectorAll('[data-testid^="connection-root-"]')].every((e) => e.textContent.includes('Connected')), null, { timeout: 15_000 })
    // Publishers: half the topics and half the rate on each broker, under their own top-level names.
    const targets = [{ port: serve.mqttPort, root: 'benchA' }, { port: second.port, root: 'benchB' }]
    for (const t of targets) for (let i = 0; i < PUBLISHERS; i++) publishers.push({ ...t, client: await openClient(t.port, `ui-bench-${t.root}-${i}`), sent: 0 })
    // A first message per root, then both roots expanded: the rows the user scrolls through and clicks.
    for (const p of publishers) p.client.socket.write(publishTemplate(`${p.root}/d00000`, Buffer.from('{"v":0}'), 0).bytes)
    for (const t of targets) {
      await page.getByTestId(`topic-row-${t.root}`).click()
      await page.keyboard.press('ArrowRight')
    }
    await page.evaluate(startFrameMeter)
    const topicsPerRoot = Math.floor(topics / targets.length)
    const templates = new Map()
    const startedAt = Date.now()
    const stopAt = startedAt + durationS * 1000
    let sentTotal = 0
    let n = 0
    const clickTimes = []
    let nextClick = Date.now() + CLICK_EVERY_MS
    let nextScroll = Date.now() + SCROLL_EVERY_MS
    let peakRss = 0
    let peakHeap = 0
    while (Date.now() < stopAt) {
      const tickStart = Date.now()
      // Whatever is due by now, so a slow tick (a click, a scroll) is caught up and the rate holds.
      const due = Math.floor(((tickStart - startedAt) * rate) / 1000) - sentTotal
      const perTick = Math.ceil(due / publishers.length)
      if (perTick > 0) for (const p of publishers) {
        const chunks = []
        for (let k = 0; k < perTick; k++) {
          const topic = `${p.root}/d${(n++ % topicsPerRoot).toString().padStart(5, '0')}`
          let tpl = templates.get(topic)
          if (tpl === undefined) templates.set(topic, (tpl = publishTemplate(topic, Buffer.from('{"v":1}'), 0).bytes))
          chunks.push(tpl)
        }
        p.client.socket.write(Buffer.concat(chunks))
        p.sent += perTick
        sentTotal += perTick
      }
      if (Date.now() >= nextScroll) {
        nextScroll += SCROLL_EVERY_MS
        await page.mouse.move(400, 500)
        await page.mouse.wheel(0, Math.random() < 0.5 ? 600 : -600)
      }
      if (Date.now() >= nextClick) {
        nextClick += CLICK_EVERY_MS
        const ms = await clickARow(page)
        if (ms !== null) clickTimes.push(ms)
        peakRss = Math.max(peakRss, procStatusKb(serve.pid, 'VmRSS') * 1024)
        peakHeap = Math.max(peakHeap, await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0))
      }
      await sleep(Math.max(0, TICK_MS - (Date.now() - tickStart)))
    }
    const frames = await page.evaluate(stopFrameMeter)
    const published = Object.fromEntries(targets.map((t) => [t.root, publishers.filter((p) => p.root === t.root).reduce((a, p) => a + p.sent + 1, 0)]))
    // Collapsed, a root row shows its subtree's total: what the user reads.
    await page.evaluate(() => { document.querySelector('[role="tree"]')?.scrollTo(0, 0) })
    for (const t of targets) {
      await page.getByTestId(`topic-row-${t.root}`).click()
      await page.keyboard.press('ArrowLeft')
    }
    const shown = await waitForCounts(page, published)
    peakRss = Math.max(peakRss, procStatusKb(serve.pid, 'VmRSS') * 1024)
    peakHeap = Math.max(peakHeap, await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0))
    const sorted = [...frames].sort((a, b) => a - b)
    const clicks = [...clickTimes].sort((a, b) => a - b)
    return {
      flushMs: flushMs ?? 100,
      durationS,
      rateTarget: rate,
      rateSent: Math.round(Object.values(published).reduce((a, b) => a + b, 0) / durationS),
      topics,
      frames: frames.length,
      p95FrameMs: round(quantile(sorted, 0.95)),
      maxFrameMs: round(sorted.at(-1) ?? 0),
      clicks: clicks.length,
      clickToDetailP95Ms: round(quantile(clicks, 0.95)),
      clickToDetailMaxMs: round(clicks.at(-1) ?? 0),
      published,
      shown,
      countsMatch: Object.keys(published).every((k) => shown[k] === published[k]),
      backendPeakRssBytes: peakRss,
      pagePeakHeapBytes: peakHeap,
    }
  } finally {
    for (const p of publishers) p.client.socket.destroy()
    await browser.close()
    await serve.stop()
    await second.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function secondProfile(port) {
  return {
    id: 'bench-second', name: 'Second broker', transport: 'mqtt', wsPath: '/mqtt', host: '127.0.0.1', port, protocolVersion: 5,
    clientId: 'bench-explorer-2', username: null, password: null, cleanStart: true, sessionExpiryS: 0, keepaliveS: 60, receiveMaximum: null,
    connectTimeoutS: 10, will: null, tls: { ca: null, cert: null, key: null, rejectUnauthorized: true, servername: null },
    reconnect: { enabled: true, minDelayMs: 500, maxDelayMs: 5000 }, autoConnect: true, defaultSubscriptions: [],
  }
}

function startServe(dataDir, flushMs) {
  const env = { ...process.env, ...(flushMs === null ? {} : { TOPICSCOPE_TREE_FLUSH_MS: String(flushMs) }) }
  const child = spawn(process.execPath, [TOPICSCOPE_ENTRY, 'serve', '--port', '0', '--mqtt-port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env })
  let out = ''
  child.stderr.on('data', (d) => { out += d })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`serve did not start:\n${out}`)) }, 20_000)
    child.stdout.on('data', (d) => {
      out += d
      const url = /Open (http\S+)/.exec(out)?.[1]
      const mqtt = /MQTT broker mqtt:\/\/[^:\s]+:(\d+)/.exec(out)?.[1]
      if (url === undefined || mqtt === undefined) return
      clearTimeout(timer)
      resolve({
        url, mqttPort: Number(mqtt), pid: child.pid,
        stop: () => new Promise((r) => { if (child.exitCode !== null) return r(); child.once('exit', r); child.kill('SIGTERM') }),
      })
    })
  })
}

/** Clicks a visible topic row and returns the ms until the details pane shows that topic (null: no row). */
async function clickARow(page) {
  return page.evaluate(async () => {
    const rows = [...document.querySelectorAll('[data-testid^="topic-row-bench"]')].filter((r) => /\/d\d+$/.test(r.getAttribute('data-testid')))
    if (rows.length === 0) return null
    const row = rows[Math.floor(Math.random() * rows.length)]
    const path = row.getAttribute('data-testid').slice('topic-row-'.length)
    const start = performance.now()
    row.click()
    for (;;) {
      const shown = document.querySelector('[data-testid="details-topic"]')?.textContent
      if (shown === path) return performance.now() - start
      if (performance.now() - start > 5_000) return performance.now() - start
      await new Promise((r) => requestAnimationFrame(r))
    }
  })
}

/** The tree's message count of each bench root, once it stops moving (or SETTLE_MS pass). */
async function waitForCounts(page, published) {
  const read = () => page.evaluate((roots) => Object.fromEntries(roots.map((root) => {
    const el = document.querySelector(`[data-testid="topic-count-${root}"]`)
    return [root, el === null ? 0 : Number(el.textContent.replace(/[^\d]/g, ''))]
  })), Object.keys(published))
  const deadline = Date.now() + SETTLE_MS
  let shown = await read()
  while (Date.now() < deadline && !Object.keys(published).every((k) => shown[k] === published[k])) {
    await sleep(250)
    shown = await read()
  }
  return shown
}

function startFrameMeter() {
  const w = window
  w.__frames = []
  w.__frameRun = true
  let last = performance.now()
  const tick = (now) => {
    w.__frames.push(now - last)
    last = now
    if (w.__frameRun) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
}

function stopFrameMeter() {
  window.__frameRun = false
  return window.__frames.slice(1)
}

function quantile(sorted, q) {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

const round = (x) => Math.round(x * 10) / 10
