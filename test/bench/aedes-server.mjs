// The peer broker for `npm run bench`: aedes with its defaults (in-memory persistence) on node:net,
// 127.0.0.1 only. Usage: node test/bench/aedes-server.mjs PORT. Prints "Listening on mqtt://127.0.0.1:PORT".
import { createServer } from 'node:net'
import { Aedes } from 'aedes'

const port = Number(process.argv[2])
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('usage: node test/bench/aedes-server.mjs PORT\n')
  process.exit(2)
}

const broker = await Aedes.createBroker()
const server = createServer(broker.handle)
server.on('error', (err) => {
  process.stderr.write(`aedes-server: ${err.message}\n`)
  process.exit(1)
})
server.listen(port, '127.0.0.1', () => process.stdout.write(`Listening on mqtt://127.0.0.1:${port}\n`))

const stop = () => {
  server.close()
  broker.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 2000).unref()
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
