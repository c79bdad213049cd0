// Turns the bench's result records into the tables and the target summary it prints. Pure: no I/O.

const THROUGHPUT_VS_AEDES = 1.5
const LATENCY_VS_MOSQUITTO = 2
/** topicscope-persistent (acknowledged, process durability) against topicscope in memory, same scenario. */
const PERSISTENT_VS_MEMORY = 0.5
const DEFAULT_PEERS = ['aedes', 'mosquitto']

/** A figure for a table cell, with its unit. */
export function formatValue(value, unit) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a'
  if (unit === 'bytes') return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(1)} MiB` : `${(value / 1024).toFixed(1)} KiB`
  if (unit === 'ms') return `${value.toFixed(2)} ms`
  return `${Math.round(value).toLocaleString('en-US')} ${unit}`
}

function ratio(a, b) {
  return typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN
}

const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : '-')

function pad(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd()).join('\n')
}

/**
 * One table per scenario: broker, figure(s), ratio vs each peer (aedes and mosquitto unless the scenario names
 * its `peers`), broker RSS; the scenario's `note` under it.
 */
export function scenarioTable(scenario, records) {
  const byBroker = new Map(records.map((r) => [r.broker, r]))
  const figures = [scenario.figure, ...(scenario.also ?? [])]
  const peers = scenario.peers ?? DEFAULT_PEERS
  const header = ['broker']
  for (const f of figures) header.push(f, ...peers.map((p) => `vs ${p}`))
  header.push('broker RSS after', 'notes')
  const rows = [header]
  for (const r of records) {
    const row = [r.broker]
    for (const f of figures) {
      const v = r.best?.[f]
      row.push(formatValue(v, scenario.unit), ...peers.map((p) => fmtRatio(ratio(v, byBroker.get(p)?.best?.[f]))))
    }
    row.push(formatValue(r.brokerRssBytes, 'bytes'), notesOf(r))
    rows.push(row)
  }
  const direction = scenario.higher ? 'higher is better' : 'lower is better'
  const body = records.length > 0 ? pad(rows) : `(not run: it runs on ${scenario.brokers?.join(', ')}, none of them selected)`
  const note = scenario.note ? `\n${scenario.note.split('\n').map((l, i) => `${i === 0 ? '  note: ' : '        '}${l}`).join('\n')}` : ''
  return `${scenario.name} (${direction}; ratios are this broker / peer)\n${body}${note}`
}

function notesOf(r) {
  if (r.error) return `ERROR: ${r.error.split('\n')[0]}`
  const b = r.best ?? {}
  const notes = []
  if (b.lost > 0) notes.push(`lost ${b.lost.toLocaleString('en-US')}`)
  if (b.failed > 0) notes.push(`failed ${b.failed}: ${b.firstError}`)
  if (b.end === 'deadline') notes.push('hit deadline')
  if (b.note) notes.push(b.note)
  if (typeof b.storeBytes === 'number') notes.push(`on disk ${formatValue(b.storeBytes, 'bytes')} after the run`)
  if (b.brokerCpuPct !== undefined) notes.push(`cpu broker ${b.brokerCpuPct}% / clients ${b.clientCpuPct}%`)
  return notes.join('; ')
}

/** The issue's targets for Topicscope, each MET / NOT MET / n/a with the numbers behind it. */
export function targetSummary(scenarios, records) {
  const get = (scenario, broker) => records.find((r) => r.scenario === scenario && r.broker === broker && !r.error)
  const lines = []
  const verdict = (checks) => (checks.length === 0 ? 'n/a' : checks.every((c) => c.ok) ? 'MET' : 'NOT MET')

  const throughput = scenarios.filter((s) => s.kind === 'throughput')
  const vsAedes = []
  for (const s of throughput) {
    const ts = get(s.name, 'topicscope')
    const ae = get(s.name, 'aedes')
    if (!ts || !ae) continue
    const r = ratio(ts.best[s.figure], ae.best[s.figure])
    vsAedes.push({ ok: r >= THROUGHPUT_VS_AEDES, text: `${s.name} ${fmtRatio(r)}` })
  }
  lines.push(line(`>= ${THROUGHPUT_VS_AEDES}x aedes on every throughput figure`, verdict(vsAedes), vsAedes))

  const vsMosq = []
  for (const name of ['qos1', 'qos2']) {
    const s = scenarios.find((x) => x.name === name)
    const ts = s && get(name, 'topicscope')
    const mq = s && get(name, 'mosquitto')
    if (!ts || !mq) continue
    const r = ratio(ts.best[s.figure], mq.best[s.figure])
    vsMosq.push({ ok: r >= 1, text: `${name} ${formatValue(ts.best[s.figure], s.unit)} vs ${formatValue(mq.best[s.figure], s.unit)} (${fmtRatio(r)})` })
  }
  lines.push(line('>= mosquitto QoS 1/2 throughput', verdict(vsMosq), vsMosq))

  const lat = []
  const tsLat = get('latency', 'topicscope')
  const mqLat = get('latency', 'mosquitto')
  if (tsLat && mqLat) {
    const r = ratio(tsLat.best.p99Ms, mqLat.best.p99Ms)
    lat.push({ ok: r <= LATENCY_VS_MOSQUITTO, text: `p99 ${formatValue(tsLat.best.p99Ms, 'ms')} vs ${formatValue(mqLat.best.p99Ms, 'ms')} (${fmtRatio(r)})` })
  }
  lines.push(line(`p99 <= ${LATENCY_VS_MOSQUITTO}x mosquitto`, verdict(lat), lat))

  const mem = []
  const tsIdle = get('idle-10k', 'topicscope')
  const aeIdle = get('idle-10k', 'aedes')
  if (tsIdle && aeIdle) {
    mem.push({
      ok: tsIdle.best.rssAfterBytes < aeIdle.best.rssAfterBytes && tsIdle.best.connected >= aeIdle.best.connected,
      text: `${formatValue(tsIdle.best.rssAfterBytes, 'bytes')} vs ${formatValue(aeIdle.best.rssAfterBytes, 'bytes')} at ${tsIdle.best.connected}/${aeIdle.best.connected} connections` +
        ` (${formatValue(tsIdle.best.rssPerConnBytes, 'bytes')} vs ${formatValue(aeIdle.best.rssPerConnBytes, 'bytes')} per connection)`,
    })
  }
  lines.push(line('idle RSS < aedes', verdict(mem), mem))

  const persistent = []
  for (const s of scenarios.filter((x) => x.kind === 'persistence')) {
    const tp = get(s.name, 'topicscope-persistent')
    const ts = get(s.name, 'topicscope')
    if (!tp || !ts) continue
    const r = ratio(tp.best[s.figure], ts.best[s.figure])
    const mq = get(s.name, 'mosquitto-persistent')
    const vsMq = mq ? `, ${fmtRatio(ratio(tp.best[s.figure], mq.best[s.figure]))} mosquitto-persistent's ${formatValue(mq.best[s.figure], s.unit)}` : ''
    persistent.push({ ok: r >= PERSISTENT_VS_MEMORY, text: `${s.name} ${formatValue(tp.best[s.figure], s.unit)} vs ${formatValue(ts.best[s.figure], s.unit)} in memory (${fmtRatio(r)}${vsMq})` })
  }
  lines.push(line(`persistent QoS 1/2 >= ${PERSISTENT_VS_MEMORY * 100}% of in-memory`, verdict(persistent), persistent))
  return `Targets for Topicscope\n${lines.join('\n')}`
}

function line(target, verdict, checks) {
  const detail = checks.length === 0 ? 'a peer or scenario was not run' : checks.map((c) => `${c.ok ? '' : '!'}${c.text}`).join(', ')
  return `  ${verdict.padEnd(8)} ${target}: ${detail}`
}


/** The Explorer's budgets under 10,000 msg/s over 20,000 topics (stated in docs/benchmarks.md). */
export const UI_BUDGETS = { p95FrameMs: 50, clickToDetailMs: 200, backendRssBytes: 600 * 1024 * 1024, pageHeapBytes: 250 * 1024 * 1024 }

/** The Explorer-in-Chromium runs side by side: with the tree's batching (the product) and without it. */
export function uiReport(runs) {
  const ok = runs.filter((r) => !r.error)
  const rows = [['', ...ok.map((r) => (r.flushMs === 0 ? 'batching off' : `batching ${r.flushMs} ms`))]]
  const add = (label, pick) => rows.push([label, ...ok.map(pick)])
  add('load', (r) => `${r.rateSent.toLocaleString('en')} msg/s, ${r.topics.toLocaleString('en')} topics, ${r.durationS} s`)
  add('frames', (r) => String(r.frames))
  add('frame interval p95', (r) => `${r.p95FrameMs} ms (max ${r.maxFrameMs} ms)`)
  add('click to detail p95', (r) => `${r.clickToDetailP95Ms} ms over ${r.clicks} clicks (max ${r.clickToDetailMaxMs} ms)`)
  add('tree counts', (r) => (r.countsMatch ? `equal to published (${Object.values(r.published).map((n) => n.toLocaleString('en')).join(' + ')})` : `DIFFER: shown ${JSON.stringify(r.shown)}, published ${JSON.stringify(r.published)}`))
  add('backend peak RSS', (r) => formatValue(r.backendPeakRssBytes, 'bytes'))
  add('page peak JS heap', (r) => formatValue(r.pagePeakHeapBytes, 'bytes'))
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)))
  const failed = runs.filter((r) => r.error).map((r) => `  FAILED (batching ${r.flushMs} ms): ${r.error}`)
  return ['explorer-ui (Chromium against serve, two connections)', ...rows.map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ')), ...failed].join('\n')
}

/** The Explorer's targets, checked on the batched run. */
export function uiTargets(runs) {
  const r = runs.find((x) => !x.error && x.flushMs !== 0)
  if (r === undefined) return '  n/a      explorer targets: the batched run failed'
  const UI = UI_BUDGETS
  const checks = [
    [`p95 frame interval <= ${UI.p95FrameMs} ms`, r.p95FrameMs <= UI.p95FrameMs, `${r.p95FrameMs} ms`],
    [`click to detail <= ${UI.clickToDetailMs} ms`, r.clicks > 0 && r.clickToDetailP95Ms <= UI.clickToDetailMs, `p95 ${r.clickToDetailP95Ms} ms`],
    ['tree counts equal what was published', r.countsMatch, JSON.stringify(r.shown)],
    [`backend RSS <= ${formatValue(UI.backendRssBytes, 'bytes')}`, r.backendPeakRssBytes <= UI.backendRssBytes, formatValue(r.backendPeakRssBytes, 'bytes')],
    [`page JS heap <= ${formatValue(UI.pageHeapBytes, 'bytes')}`, r.pagePeakHeapBytes <= UI.pageHeapBytes, formatValue(r.pagePeakHeapBytes, 'bytes')],
  ]
  return checks.map(([label, ok, figure]) => `  ${(ok ? 'MET' : 'NOT MET').padEnd(8)} ${label}: ${figure}`).join('\n')
}
