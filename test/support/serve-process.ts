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
  assertBuilt()
  const child = spawn(process.execPath, [HEADLESS_ENTRY, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`serve printed no URL in time:\n${out}`)) }, timeoutMs)
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = /Open (http\S+)/.exec(out)
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
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code} before printing a URL:\n${out}`)) })
  })
}

function assertBuilt(): void {
  if (!existsSync(HEADLESS_ENTRY) || !existsSync(join(HEADLESS_ENTRY, '..', '..', 'renderer', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it for you).')
  }
}
