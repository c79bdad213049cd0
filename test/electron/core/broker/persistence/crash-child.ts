// Child process of the crash-safety test (bundled by esbuild, run by node): opens the store named on the
// command line, commits one batch, reports it on stdout, and kills itself with SIGKILL at once, so the
// store is never closed and the WAL never checkpointed. Usage: node crash-child.cjs <path> <count>
import { writeSync } from 'node:fs'
import { SqliteSessionStore } from '../../../../../electron/core/broker/persistence/sqlite-session-store'
import type { StoreOp } from '../../../../../electron/core/broker/persistence/session-store'
import { delivery, message, session } from './store-fixtures'

const [path, countText] = process.argv.slice(2)
if (path === undefined || countText === undefined) throw new Error('usage: crash-child <path> <count>')
const count = Number(countText)
const { store } = SqliteSessionStore.open(path, { durability: 'process', strict: true })
const ops: StoreOp[] = [{ op: 'put-session', session: session('crash') }]
for (let id = 1; id <= count; id++) {
  ops.push({ op: 'put-message', message: message(id) }, { op: 'put-delivery', delivery: delivery(id, 'crash', id) })
}
store.commit(ops)
writeSync(1, 'committed\n') // synchronous: the line is out before the kill
process.kill(process.pid, 'SIGKILL')
