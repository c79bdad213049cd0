// Starts the real headless backend (`dist/electron/headless.js serve`) as a child process on free ports
// and reads the URL it prints. Used by the headless smoke test and by the Playwright specs.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const HEADLESS_ENTRY = resolve(__dirname, '..', '..', 'dist', 'electron', 'headless.js')

export interface ServeProcess {
  child: ChildProcess
  url: string
  output(): string
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>
}

/** Runs `topicscope <args>` to completion and returns its exit code and output. */
export function runHeadless(args: string[], timeoutMs = 10_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  assertBuilt()
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [HEADLESS_ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`topicscope ${args.join(' ')} did not exit: ${stdout}${stderr}`)) }, timeoutMs)
    child.on('exit', (code) => { clearTimeout(timer); resolvePromise({ code, stdout, stderr }) })
  })
}

/** Starts `topicscope serve` with `args` and waits for the printed URL. */
export function startServe(args: string[], timeoutMs = 15_000): Promise<ServeProcess> {
  return startHeadless(['serve', ...args], /Open (http\S+)/, timeoutMs)
}

/** Starts `topicscope broker` with `args` and waits for its first listener URL. */
export function startBrokerProcess(args: string[], timeoutMs = 15_000): Promise<ServeProcess> {
  return startHeadless(['broker', ...args], /Listening on (\S+)/, timeoutMs)
}

/** Starts a long-running `topicscope` command and resolves once `ready` matches its output; `url` is the first group. */
function startHeadless(args: string[], ready: RegExp, timeoutMs: number): Promise<ServeProcess> {
  assertBuilt()
  const child = spawn(process.execPath, [HEADLESS_ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`topicscope ${args[0]} printed no URL in time:\n${out}`)) }, timeoutMs)
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = ready.exec(out)
      if (m === null) return
      clearTimeout(timer)
      resolvePromise({
        child,
        url: m[1]!,
        output: () => out,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM')
          return exited
        },
      })
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`topicscope ${args[0]} exited with ${code} before printing a URL:\n${out}`)) })
  })
}

function assertBuilt(): void {
  if (!existsSync(HEADLESS_ENTRY) || !existsSync(join(HEADLESS_ENTRY, '..', '..', 'renderer', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it for you).')
  }
}
