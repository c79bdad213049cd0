// `npm run bench`: every scenario against Topicscope, aedes and (where installed) mosquitto, one broker at a
// time, each in its own child process. Prints one JSON line per (scenario, broker), a table per scenario
// and the targets; also writes the JSON lines to reports/bench.jsonl. A report, not a test: exit 0 whatever
// the figures, 1 only when a broker failed to start or a scenario crashed.
//
// Each scenario names the brokers it runs on: the plain ones (topicscope, aedes, mosquitto) run every scenario
// but qos1-persistent and qos2-persistent, which run on topicscope (in memory, the baseline), topicscope-persistent,
// mosquitto and mosquitto-persistent.
//
// Env: BENCH_SCENARIOS=qos1,latency  BENCH_BROKERS=topicscope,aedes  BENCH_SCALE=0.1 (smaller counts)
//      BENCH_CPU_PROF=topicscope (write the broker's .cpuprofile to reports/cpuprofile/; also
//      topicscope-persistent, aedes)
//      BENCH_TOPICSCOPE_ENTRY=/other/dist/electron/headless.js (bench another build of Topicscope)
//      Summarise a profile: node test/bench/profile-summary.mjs reports/cpuprofile/FILE.cpuprofile
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync, appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { runExplorerUiBench } from './explorer-ui.mjs'
import { scenarioTable, targetSummary, uiReport, uiTargets } from './report.mjs'
import { benchParams, SCENARIOS } from './scenarios.mjs'
import { BROKERS, programOf, ROOT, sleep, startBroker, TOPICSCOPE_ENTRY, unavailableReason } from './servers.mjs'

const BETWEEN_RUNS_MS = 500
const REPORT_PATH = join(ROOT, 'reports/bench.jsonl')

function selected(envName, known) {
  const raw = process.env[envName]
  if (raw === undefined || raw.trim() === '') return known
  const wanted = raw.split(',').map((s) => s.trim()).filter(Boolean)
  const unknown = wanted.filter((w) => !known.includes(w))
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown ${envName} value(s) ${unknown.join(', ')}; known: ${known.join(', ')}\n`)
    process.exit(2)
  }
  return known.filter((k) => wanted.includes(k))
}

const scale = Number(process.env.BENCH_SCALE ?? '1')
if (!(scale > 0)) {
  process.stderr.write(`bench: BENCH_SCALE must be a positive number, got '${process.env.BENCH_SCALE}'\n`)
  process.exit(2)
}
const UI_SCENARIO = 'explorer-ui'
const wantedScenarios = selected('BENCH_SCENARIOS', [...SCENARIOS.map((x) => x.name), UI_SCENARIO])
const scenarios = SCENARIOS.filter((s) => wantedScenarios.includes(s.name))
const runUi = wantedScenarios.includes(UI_SCENARIO)
const brokers = selected('BENCH_BROKERS', BROKERS)
const params = benchParams(scale)

if (brokers.some((b) => programOf(b) === 'topicscope') && !existsSync(TOPICSCOPE_ENTRY) && !process.env.BENCH_TOPICSCOPE_ENTRY) {
  process.stdout.write('bench: dist/ is missing, running npm run build first\n')
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
}

// A missing peer (mosquitto) is skipped with a note; a missing broker under test or aedes is a failure.
let failures = 0
const runnable = []
for (const b of brokers) {
  const reason = unavailableReason(b)
  if (reason === null) runnable.push(b)
  else if (programOf(b) === 'mosquitto') process.stdout.write(`bench: note: ${b}: ${reason}\n`)
  else {
    process.stderr.write(`bench: FAILED: ${b}: ${reason}\n`)
    failures++
  }
}

mkdirSync(join(ROOT, 'reports'), { recursive: true })
writeFileSync(REPORT_PATH, '')
process.stdout.write(`bench: node ${process.version}, scale ${scale}, brokers ${runnable.join(', ')}, scenarios ${scenarios.map((s) => s.name).join(', ')}\n`)

const records = []
const startedAt = Date.now()
for (const scenario of scenarios) {
  for (const record of await runScenario(scenario, runnable.filter((b) => scenario.brokers.includes(b)))) {
    records.push(record)
    const line = JSON.stringify(record)
    process.stdout.write(line + '\n')
    appendFileSync(REPORT_PATH, line + '\n')
  }
}

// The Explorer in Chromium: once with the tree's batching (the product), once without it (the comparison).
const uiRuns = []
if (runUi) {
  for (const flushMs of [null, 0]) {
    const durationS = Math.max(5, Math.round((flushMs === null ? 60 : 20) * scale))
    let record
    try {
      record = { scenario: UI_SCENARIO, ...(await runExplorerUiBench({ durationS, rate: 10_000, topics: 20_000, flushMs })) }
    } catch (err) {
      failures++
      record = { scenario: UI_SCENARIO, flushMs: flushMs ?? 100, error: `scenario crashed: ${err.stack ?? err}` }
    }
    uiRuns.push(record)
    records.push(record)
    const line = JSON.stringify(record)
    process.stdout.write(line + '\n')
    appendFileSync(REPORT_PATH, line + '\n')
  }
}

process.stdout.write(`\n${'='.repeat(100)}\n`)
for (const scenario of scenarios) process.stdout.write(`\n${scenarioTable(scenario, records.filter((r) => r.scenario === scenario.name))}\n`)
if (uiRuns.length > 0) process.stdout.write(`\n${uiReport(uiRuns)}\n`)
process.stdout.write(`\n${targetSummary(scenarios, records.filter((r) => r.scenario !== UI_SCENARIO))}\n`)
if (uiRuns.length > 0) process.stdout.write(`${uiTargets(uiRuns)}\n`)
process.stdout.write(`\nbench: ${records.length} results in ${Math.round((Date.now() - startedAt) / 1000)} s, written to ${REPORT_PATH}${failures > 0 ? `; ${failures} FAILED` : ''}\n`)
process.exit(failures > 0 ? 1 : 0)

/**
 * A fresh broker per (scenario, broker), all started before the first run; the repeats then take turns
 * (run 1 on every broker, then run 2…), so a noisy minute on this shared machine falls on every broker
 * alike instead of on one. Only the running broker is busy: the others sit idle. The best run is kept.
 */
async function runScenario(scenario, brokerNames) {
  const entries = []
  for (const name of brokerNames) {
    const base = { scenario: scenario.name, broker: name, kind: scenario.kind, figure: scenario.figure, unit: scenario.unit, higherIsBetter: scenario.higher }
    try {
      entries.push({ base, broker: await startBroker(name), runs: [], error: null })
    } catch (err) {
      failures++
      entries.push({ base, broker: null, runs: [], error: `broker failed to start: ${err.message}` })
    }
  }
  for (let i = 0; i < scenario.repeats; i++) {
    for (const entry of entries.filter((e) => e.error === null)) {
      await sleep(BETWEEN_RUNS_MS)
      try {
        entry.runs.push(await scenario.run(entry.broker, params, i))
        if (!entry.broker.alive()) throw new Error(`the broker exited during the run:\n${entry.broker.output()}`)
      } catch (err) {
        failures++
        entry.error = `scenario crashed: ${err.stack ?? err}`
      }
    }
  }
  const records = entries.map(({ base, broker, runs, error }) => {
    if (error !== null) return { ...base, error, runs, ...(broker === null ? {} : { brokerOutput: broker.output() }) }
    const best = runs.reduce((a, b) => (better(scenario, b, a) ? b : a))
    return { ...base, value: best[scenario.figure], best, runs, brokerRssBytes: broker.rss(), brokerPeakRssBytes: broker.peakRss(), params: paramsFor(scenario.name) }
  })
  await Promise.all(entries.filter((e) => e.broker !== null).map((e) => e.broker.stop()))
  return records
}

function better(scenario, a, b) {
  const x = a[scenario.figure]
  const y = b[scenario.figure]
  if (!Number.isFinite(y)) return Number.isFinite(x)
  return scenario.higher ? x > y : x < y
}

function paramsFor(name) {
  const key = { 'qos0-fanin': 'fanin', qos1: 'qos1', qos2: 'qos2', 'qos1-persistent': 'qos1Persistent', 'qos2-persistent': 'qos2Persistent', 'fanout-1-50': 'fanout', latency: 'latency', 'connect-storm': 'storm', 'idle-10k': 'idle' }[name]
  return { payloadBytes: params.payloadBytes, scale, ...params[key] }
}
