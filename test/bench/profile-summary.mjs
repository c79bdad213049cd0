// Summarises a V8 .cpuprofile (from BENCH_CPU_PROF=topicscope npm run bench): top functions by self time,
// and self time per source file, with dist/ positions mapped back to the TypeScript sources via source maps.
// Usage: node test/bench/profile-summary.mjs reports/cpuprofile/<file>.cpuprofile [top=25]
import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ROOT } from './servers.mjs'

const [file, topArg] = process.argv.slice(2)
if (file === undefined) {
  process.stderr.write('usage: node test/bench/profile-summary.mjs FILE.cpuprofile [top]\n')
  process.exit(2)
}
const top = Number(topArg ?? '25')
const profile = JSON.parse(readFileSync(file, 'utf8'))

const selfUs = new Map() // node id → µs
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0)

const maps = new Map()
function sourceMapFor(url) {
  if (!maps.has(url)) {
    let map = null
    try {
      const path = fileURLToPath(url)
      if (existsSync(path + '.map')) map = new SourceMap(JSON.parse(readFileSync(path + '.map', 'utf8')))
    } catch {
      map = null
    }
    maps.set(url, map)
  }
  return maps.get(url)
}

/** "electron/core/broker/connection.ts:123" for our code, "node:net:456" or a node_modules path otherwise. */
function where(cf) {
  if (cf.url === '') return '(native)'
  if (cf.url.startsWith('file://')) {
    const map = sourceMapFor(cf.url)
    const entry = map?.findEntry(cf.lineNumber, cf.columnNumber)
    if (entry && entry.originalSource) {
      const distDir = dirname(fileURLToPath(cf.url))
      const src = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(distDir, entry.originalSource)
      return `${relative(ROOT, src)}:${entry.originalLine + 1}`
    }
    return `${relative(ROOT, fileURLToPath(cf.url))}:${cf.lineNumber + 1}`
  }
  return `${cf.url}:${cf.lineNumber + 1}`
}

const byFunction = new Map()
const byFile = new Map()
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0
  if (us === 0) continue
  const cf = node.callFrame
  const loc = where(cf)
  const key = `${cf.functionName || '(anonymous)'}  ${loc}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + us)
  const fileKey = loc.replace(/:\d+$/, '')
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us)
}

// Inclusive time of our own functions (electron/, shared/), each function counted once per stack.
const children = new Map(profile.nodes.map((n) => [n.id, n.children ?? []]))
const nodeById = new Map(profile.nodes.map((n) => [n.id, n]))
const inclusive = new Map()
function walk(id, onStack) {
  const node = nodeById.get(id)
  const loc = where(node.callFrame)
  const key = `${node.callFrame.functionName || '(anonymous)'}  ${loc}`
  const ours = /^(electron|shared)\//.test(loc)
  const fresh = ours && !onStack.has(key)
  if (fresh) onStack.add(key)
  let us = selfUs.get(id) ?? 0
  for (const c of children.get(id)) us += walk(c, onStack)
  if (fresh) {
    inclusive.set(key, (inclusive.get(key) ?? 0) + us)
    onStack.delete(key)
  }
  return us
}
walk(profile.nodes[0].id, new Set())

const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)}%`
const ms = (us) => `${(us / 1000).toFixed(0).padStart(6)} ms`
process.stdout.write(`${file}: ${(total / 1e6).toFixed(2)} s sampled\n\nTop ${top} functions by self time\n`)
for (const [k, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(us)} ${ms(us)}  ${k}\n`)
process.stdout.write(`\nTop ${top} of our functions by inclusive time\n`)
for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(us)} ${ms(us)}  ${k}\n`)
process.stdout.write(`\nSelf time by file (top ${top})\n`)
for (const [k, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(us)} ${ms(us)}  ${k}\n`)
