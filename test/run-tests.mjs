// `npm test`: builds, then runs every suite (Vitest: unit, component, socket; Playwright: e2e in
// Chromium) even when an earlier one fails, and exits non-zero if anything failed. Cross-platform.
import { spawnSync } from 'node:child_process'

const steps = [
  ['build', 'npm', ['run', 'build']],
  ['vitest', 'vitest', ['run']],
  ['playwright', 'playwright', ['test']],
]
const only = process.argv.slice(2)
let failed = []
for (const [name, cmd, args] of steps) {
  if (only.length > 0 && !only.includes(name)) continue
  process.stdout.write(`\n=== ${name}\n`)
  const res = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' })
  if (res.status !== 0) {
    failed.push(name)
    if (name === 'build') break // nothing else can run without dist/
  }
}
if (failed.length > 0) {
  process.stderr.write(`\nnpm test: failed: ${failed.join(', ')}\n`)
  process.exit(1)
}
