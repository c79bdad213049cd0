// Starts each broker under test as its own child process on a free 127.0.0.1 port, reads its RSS and CPU
// time from /proc, and stops it. Every broker gets the same limits; nothing here measures anything itself.
import { spawn } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
export const ROOT = resolve(HERE, '../..')
/** BENCH_TOPICSCOPE_ENTRY benches another build of the same CLI (an experiment, another checkout). */
export const TOPICSCOPE_ENTRY = process.env.BENCH_TOPICSCOPE_ENTRY ? resolve(process.env.BENCH_TOPICSCOPE_ENTRY) : join(ROOT, 'dist/electron/headless.js')
const AEDES_SERVER = join(HERE, 'aedes-server.mjs')
const MOSQUITTO_BIN = '/usr/sbin/mosquitto'

const START_TIMEOUT_MS = 15_000
const STOP_TIMEOUT_MS = 5_000
const CLOCK_TICKS_PER_SECOND = 100 // Linux USER_HZ, what /proc/<pid>/stat counts utime/stime in
const OUTPUT_TAIL_LINES = 40

/**
 * Limits given to Topicscope and mosquitto alike (one mosquitto.conf read by both). Generous, so that the
 * bench measures speed rather than the default 20-message inflight window or the 1000-message queue.
 * aedes has no such limits (it neither caps the inflight window nor the per-client queue).
 */
export const SHARED_LIMITS = { maxInflightMessages: 1000, maxQueuedMessages: 100_000 }

/**
 * The brokers the bench knows, in the order they run. The `-persistent` variants are the same program with
 * `persistence true` in the same config file (see mosquittoConf): for Topicscope that is the acknowledged mode
 * with process durability, for mosquitto its in-memory database saved every autosave_interval and on shutdown.
 */
export const BROKERS = ['topicscope', 'topicscope-persistent', 'aedes', 'mosquitto', 'mosquitto-persistent']

/** The program behind a broker variant: 'topicscope-persistent' → 'topicscope'. */
export const programOf = (name) => name.replace(/-persistent$/, '')

/** Whether the variant runs with persistence on. */
export const isPersistent = (name) => name.endsWith('-persistent')

/** Where a persistent variant keeps its store, inside the broker's temp dir (cleaned up by stop()). */
const STORE_DIR = 'store'

/** Why a broker cannot be run here (printed as a note), or null when it can. */
export function unavailableReason(name) {
  const program = programOf(name)
  if (program === 'mosquitto' && !existsSync(MOSQUITTO_BIN)) return `${MOSQUITTO_BIN} is not installed (apt-get install mosquitto); skipped`
  if (program === 'topicscope' && !existsSync(TOPICSCOPE_ENTRY)) return `${TOPICSCOPE_ENTRY} is missing: run npm run build`
  return null
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.once('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => res(port))
    })
  })
}

/** `storeDir`: null for `persistence false`, else the folder for `persistence true` (autosave left at its default). */
function mosquittoConf(port, storeDir) {
  return [
    '# Written by test/bench/servers.mjs; read by mosquitto and by `topicscope broker -c` alike.',
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    `max_inflight_messages ${SHARED_LIMITS.maxInflightMessages}`,
    `max_queued_messages ${SHARED_LIMITS.maxQueuedMessages}`,
    'max_connections -1',
    ...(storeDir === null ? ['persistence false'] : ['persistence true', `persistence_location ${storeDir}/`]),
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'connection_messages false',
    '',
  ].join('\n')
}

/**
 * How each broker is launched: the command, and (`confirm`) a line its output must show before it counts as
 * started. A `-persistent` variant gets `persistence true` and a `store/` folder in its temp dir.
 */
function launchSpec(name, port, dir) {
  const confPath = join(dir, 'bench.conf')
  const storeDir = isPersistent(name) ? join(dir, STORE_DIR) : null
  if (storeDir !== null) {
    mkdirSync(storeDir)
    if (programOf(name) === 'mosquitto') letMosquittoWrite(dir, storeDir)
  }
  writeFileSync(confPath, mosquittoConf(port, storeDir))
  switch (programOf(name)) {
    case 'topicscope': {
      const cmd = { cmd: process.execPath, args: [...nodeFlags(name, dir), TOPICSCOPE_ENTRY, 'broker', '-c', confPath, '--data-dir', join(dir, 'data')] }
      // The persistent variant must not be benched in memory by mistake: wait for the line that says the mode.
      return storeDir === null ? cmd : { ...cmd, confirm: /Persistence acknowledged \(survives a crash of the broker\)/ }
    }
    case 'aedes':
      return { cmd: process.execPath, args: [...nodeFlags(name, dir), AEDES_SERVER, String(port)] }
    case 'mosquitto':
      return { cmd: MOSQUITTO_BIN, args: ['-c', confPath] }
    default:
      throw new Error(`unknown broker '${name}' (known: ${BROKERS.join(', ')})`)
  }
}

/**
 * mosquitto started as root drops to the `mosquitto` user (its default `user`), which could then neither enter
 * the 0700 temp dir nor write its database on shutdown: hand it the store folder.
 */
function letMosquittoWrite(dir, storeDir) {
  if (process.getuid?.() !== 0) return
  const entry = readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':')).find((f) => f[0] === 'mosquitto')
  if (entry === undefined) return
  chmodSync(dir, 0o711)
  chownSync(storeDir, Number(entry[2]), Number(entry[3]))
}

/** Bytes of the files in a persistent variant's store folder now (0 when nothing was written yet). */
function storeBytes(storeDir) {
  try {
    return readdirSync(storeDir).reduce((sum, f) => sum + statSync(join(storeDir, f)).size, 0)
  } catch {
    return NaN
  }
}

/** BENCH_CPU_PROF=topicscope (or aedes, topicscope-persistent) writes a .cpuprofile of that broker into reports/cpuprofile/. */
function nodeFlags(name, dir) {
  const wanted = (process.env.BENCH_CPU_PROF ?? '').split(',').map((s) => s.trim())
  if (!wanted.includes(name)) return []
  return ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'reports/cpuprofile')}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`]
}

/**
 * Starts one broker and waits until it accepts TCP connections. Resolves with a handle whose `rss()` and
 * `cpuSeconds()` read /proc of the broker process itself (for Topicscope and aedes that is node).
 */
export async function startBroker(name) {
  const reason = unavailableReason(name)
  if (reason !== null) throw new Error(reason)
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`))
  const spec = launchSpec(name, port, dir)
  const child = spawn(spec.cmd, spec.args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir })
  // Always drain the pipes (a full pipe would block the broker); keep the tail for error messages.
  const tail = []
  let confirmed = spec.confirm === undefined
  const keep = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() !== '') tail.push(line)
      if (!confirmed && spec.confirm.test(line)) confirmed = true
    }
    if (tail.length > OUTPUT_TAIL_LINES) tail.splice(0, tail.length - OUTPUT_TAIL_LINES)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let exited = null
  const exit = new Promise((res) => child.once('exit', (code, signal) => { exited = { code, signal }; res(exited) }))
  child.once('error', (err) => { tail.push(String(err)); exited = { code: -1, signal: null } })

  const deadline = Date.now() + START_TIMEOUT_MS
  while (!confirmed || !(await canConnect(port))) {
    if (exited !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
      const why = confirmed ? `did not start on port ${port}` : `did not print a line matching ${spec.confirm}`
      throw new Error(`${name} ${why}${exited ? ` (exited ${JSON.stringify(exited)})` : ''}:\n  ${tail.join('\n  ')}`)
    }
    await sleep(50)
  }
  const storeDir = isPersistent(name) ? join(dir, STORE_DIR) : null
  return {
    name,
    port,
    pid: child.pid,
    /** Bytes on disk in the persistence folder, null for a broker without persistence. */
    storeBytes: () => (storeDir === null ? null : storeBytes(storeDir)),
    rss: () => procStatusKb(child.pid, 'VmRSS') * 1024,
    peakRss: () => procStatusKb(child.pid, 'VmHWM') * 1024,
    cpuSeconds: () => procCpuSeconds(child.pid),
    openFileLimit: () => procOpenFileLimit(child.pid),
    alive: () => exited === null,
    output: () => tail.join('\n'),
    async stop() {
      if (exited === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
        await exit
        clearTimeout(timer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function canConnect(port) {
  return new Promise((res) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => { s.destroy(); res(true) })
    s.once('error', () => res(false))
  })
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms))
}

export function procStatusKb(pid, field) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))
    return m ? Number(m[1]) : NaN
  } catch {
    return NaN
  }
}

/** User + system CPU seconds the process has used so far. */
export function procCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // fields from #3 on; comm may hold spaces
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND // #14 utime, #15 stime
  } catch {
    return NaN
  }
}

/** The soft "Max open files" of a process (10,000 idle connections need 10,000 descriptors on each side). */
export function procOpenFileLimit(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/limits`, 'utf8').match(/^Max open files\s+(\d+|unlimited)/m)
    return m ? (m[1] === 'unlimited' ? Infinity : Number(m[1])) : NaN
  } catch {
    return NaN
  }
}

/**
 * The kernel's count of connections dropped because a listen queue was full (TcpExt ListenOverflows, whole
 * machine). A dropped SYN is retried by the client's kernel after 1 s, which is what a storm then measures.
 */
export function listenOverflows() {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'))
    const names = lines[0].split(/\s+/)
    const values = lines[1].split(/\s+/)
    return Number(values[names.indexOf('ListenOverflows')])
  } catch {
    return NaN
  }
}
