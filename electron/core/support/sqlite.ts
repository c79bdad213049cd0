// node:sqlite, loaded only when a store is opened: Node 20 has none, and `topicscope` must still start
// there without persistence. A missing module becomes a sentence saying what to run instead.
import type * as Sqlite from 'node:sqlite'
import { AppFailure } from './app-failure'

/** The node:sqlite module (built into Node 22.13+, Node 24 and Electron 45). */
export function loadSqlite(): typeof Sqlite {
  const sqlite = process.getBuiltinModule?.('node:sqlite') as typeof Sqlite | undefined
  if (sqlite === undefined) {
    throw new AppFailure('unavailable', `Persistence needs node:sqlite, which Node ${process.versions.node} does not have: ` +
      'run Topicscope with Node 24 (npm run broker and npm run serve do), or choose --persistence none.')
  }
  return sqlite
}
