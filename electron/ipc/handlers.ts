// One { parse, run } per invoke channel, delegating to AppCore. Transport-free: the Electron
// ipcMain loop and the web server both dispatch through these. parse() is the trust boundary.
import type { InvokeChannel, Invokes } from '../../shared/ipc/contract'
import { parseSettingsPatch } from '../../shared/model/settings-parse'
import { parseHistoryPageRequest } from '../../shared/model/history-parse'
import { parsePublishRequest } from '../../shared/model/publish'
import { MAX_IMPORT_BYTES } from '../../shared/model/profile-transfer'
import { parseSavePublishRequest } from '../../shared/model/saved-publish'
import { parseClientsQuery } from '../../shared/model/broker-clients'
import { parseClientActionRequest, parseClientDetailRequest, parseClientSubscribe } from '../../shared/model/broker-client-detail'
import { parseRetainedDelete, parseRetainedLevelsRequest, parseRetainedQuery } from '../../shared/model/broker-retained'
import { parseSubscriptionsQuery } from '../../shared/model/broker-subscriptions'
import { parseAclTestRequest } from '../../shared/model/broker-acl'
import { parseBridgeSave } from '../../shared/model/bridge'
import { parseTracePageRequest } from '../../shared/model/lab-trace'
import { parseFaultRule, parseVirtualClientAction, parseVirtualClientConfig } from '../../shared/model/lab-sim'
import { parseProgressUpdate } from '../../shared/model/lab-lessons'
import { parseClearRetainedRequest, parseRetainedListRequest } from '../../shared/model/retained'
import { randomUUID } from 'node:crypto'
import { createProfile, EMBEDDED_BROKER_PROFILE_ID, validateProfile, type ConnectionProfile } from '../../shared/model/connection-profile'
import type { SaveProfileRequest } from '../../shared/model/explorer'
import type { AppCore } from '../core/app-core'
import { clientAction, clientDetail } from '../core/console/client-detail'
import { listSubscriptions, whoReceives } from '../core/console/subscriptions-view'
import { addClientSubscription, removeClientSubscription } from '../core/console/client-subscriptions'
import { AppFailure } from '../core/support/app-failure'

/** A missing channel is a compile error. */
export type InvokeHandlers = {
  [C in InvokeChannel]: { parse(raw: unknown): Invokes[C]['req']; run(req: Invokes[C]['req']): Promise<Invokes[C]['res']> }
}

const noRequest = (raw: unknown): null => {
  if (raw !== null && raw !== undefined) throw new AppFailure('bad-request', 'This channel takes no request data.')
  return null
}

const orFail = <T>(parsed: T | string): T => {
  if (typeof parsed === 'string') throw new AppFailure('bad-request', parsed)
  return parsed
}

/** The handlers of every invoke channel for one AppCore. */
export function createInvokeHandlers(core: AppCore): InvokeHandlers {
  return {
    'app:info': { parse: noRequest, run: async () => core.info() },
    'app:status': { parse: noRequest, run: async () => core.status() },
    'app:dismiss-warning': {
      parse: (raw) => {
        const id = (raw as { id?: unknown } | null)?.id
        if (typeof id !== 'string' || id.length === 0 || id.length > 100) throw new AppFailure('bad-request', 'A warning id is required.')
        return { id }
      },
      run: async (req) => core.dismissWarning(req.id),
    },
    'settings:get': { parse: noRequest, run: async () => core.settings.get() },
    'settings:update': { parse: (raw) => orFail(parseSettingsPatch(raw)), run: (patch) => core.updateSettings(patch) },
    'explorer:connections': { parse: noRequest, run: async () => core.explorer?.list() ?? [] },
    'history:page': {
      parse: (raw) => orFail(parseHistoryPageRequest(raw)),
      run: async (req) => requireExplorer(core).historyPage(req),
    },
    'history:message': {
      parse: (raw) => {
        const id = (raw as { id?: unknown } | null)?.id
        if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw new AppFailure('bad-request', 'A message id is required.')
        return { id }
      },
      run: async ({ id }) => requireExplorer(core).historyMessage(id),
    },
    'connections:profiles': { parse: noRequest, run: async () => core.profiles.list() },
    'connections:save': {
      parse: (raw) => parseSaveProfile(raw),
      run: async (req) => {
        const saved = await core.profiles.save(req)
        // An open connection picks up its new settings at once.
        if (core.explorer?.isOpen(saved.profile.id) === true) await core.explorer.open(core.profiles.get(saved.profile.id))
        return saved
      },
    },
    'connections:delete': {
      parse: (raw) => ({ id: parseId(raw) }),
      run: async ({ id }) => {
        await core.explorer?.remove(id)
        await core.profiles.delete(id)
        return null
      },
    },
    'connections:export': {
      parse: (raw) => {
        const includeSecrets = (raw as { includeSecrets?: unknown } | null)?.includeSecrets
        if (typeof includeSecrets !== 'boolean') throw new AppFailure('bad-request', 'Say whether to include the secrets.')
        return { includeSecrets }
      },
      run: async ({ includeSecrets }) => core.profiles.exportProfiles(includeSecrets),
    },
    'connections:import': {
      parse: (raw) => {
        const json = (raw as { json?: unknown } | null)?.json
        if (typeof json !== 'string' || json.length === 0) throw new AppFailure('bad-request', 'An import needs the file’s text.')
        if (json.length > MAX_IMPORT_BYTES) throw new AppFailure('bad-request', `The file is larger than ${MAX_IMPORT_BYTES} bytes; it is not a connections export.`)
        return { json }
      },
      run: ({ json }) => core.profiles.importProfiles(json, () => `connection-${randomUUID()}`),
    },
    'connections:open': {
      parse: (raw) => ({ id: parseId(raw) }),
      run: async ({ id }) => {
        await requireExplorer(core).open(core.profiles.get(id))
        return null
      },
    },
    'connections:close': {
      parse: (raw) => ({ id: parseId(raw) }),
      run: async ({ id }) => {
        if (id === EMBEDDED_BROKER_PROFILE_ID) throw new AppFailure('bad-request', 'The embedded broker connection stays open while the broker runs.')
        await requireExplorer(core).remove(id)
        return null
      },
    },
    'explorer:publish': {
      parse: (raw) => orFail(parsePublishRequest(raw)),
      run: (req) => requireExplorer(core).publish(req),
    },
    'console:clients': { parse: (raw) => orFail(parseClientsQuery(raw)), run: async (q) => core.consoleClients(q) },
    'console:overview': { parse: noRequest, run: async () => core.consoleOverview() },
    'console:client': { parse: (raw) => orFail(parseClientDetailRequest(raw)), run: async (req) => clientDetail(core.runningBroker(), req) },
    'console:retained': { parse: (raw) => orFail(parseRetainedQuery(raw)), run: async (q) => core.retainedAdmin.list(q) },
    'console:retained-levels': { parse: (raw) => orFail(parseRetainedLevelsRequest(raw)), run: async ({ path }) => core.retainedAdmin.levels(path) },
    'console:retained-topics': {
      parse: (raw) => {
        const filter = (raw as { filter?: unknown } | null)?.filter
        if (typeof filter !== 'string' || filter.length > 65_535) throw new AppFailure('bad-request', 'A filter is required (empty for all).')
        return { filter }
      },
      run: async ({ filter }) => ({ topics: core.retainedAdmin.topics(filter) }),
    },
    'console:retained-delete': { parse: (raw) => orFail(parseRetainedDelete(raw)), run: async ({ topics }) => core.retainedAdmin.delete(topics) },
    'console:retained-undo': {
      parse: (raw) => {
        const undoId = (raw as { undoId?: unknown } | null)?.undoId
        if (typeof undoId !== 'string' || undoId === '' || undoId.length > 200) throw new AppFailure('bad-request', 'An undo id is required.')
        return { undoId }
      },
      run: async ({ undoId }) => core.retainedAdmin.restore(undoId),
    },
    'console:subscriptions': { parse: (raw) => orFail(parseSubscriptionsQuery(raw)), run: async (q) => listSubscriptions(core.runningBroker(), q) },
    'console:who-receives': {
      parse: (raw) => {
        const topic = (raw as { topic?: unknown } | null)?.topic
        if (typeof topic !== 'string' || topic.length > 65_535) throw new AppFailure('bad-request', 'A topic is required.')
        return { topic }
      },
      run: async ({ topic }) => whoReceives(core.runningBroker(), topic),
    },
    'console:users': { parse: noRequest, run: async () => core.users.list() },
    'console:user-set': {
      parse: (raw) => {
        const { username, password } = (raw ?? {}) as { username?: unknown; password?: unknown }
        if (typeof username !== 'string' || typeof password !== 'string' || password.length > 65_535) throw new AppFailure('bad-request', 'A user name and a password are required.')
        return { username, password }
      },
      run: async ({ username, password }) => core.setBrokerUser(username, password),
    },
    'console:user-remove': {
      parse: (raw) => {
        const username = (raw as { username?: unknown } | null)?.username
        if (typeof username !== 'string') throw new AppFailure('bad-request', 'A user name is required.')
        return { username }
      },
      run: async ({ username }) => core.removeBrokerUser(username),
    },
    'console:users-import': {
      parse: (raw) => {
        const text = (raw as { text?: unknown } | null)?.text
        if (typeof text !== 'string' || text.length > 5 * 1024 * 1024) throw new AppFailure('bad-request', 'A password file’s text (at most 5 MB) is required.')
        return { text }
      },
      run: async ({ text }) => core.importBrokerUsers(text),
    },
    'lab:trace': { parse: (raw) => orFail(parseTracePageRequest(raw)), run: async (req) => core.labTrace.page(req) },
    'lab:trace-clear': { parse: noRequest, run: async () => { core.labTrace.clear(); return null } },
    'lab:sim': { parse: noRequest, run: async () => core.labSim() },
    'lab:reset': { parse: noRequest, run: () => core.resetLab() },
    'lab:restart-broker': { parse: noRequest, run: async () => { await core.restartBroker(); return null } },
    'lab:progress': { parse: noRequest, run: async () => core.lessonProgress.get() },
    'lab:progress-set': { parse: (raw) => orFail(parseProgressUpdate(raw)), run: ({ lessonId, step, completed }) => core.lessonProgress.set(lessonId, step, completed) },
    'lab:progress-reset': { parse: (raw) => ({ lessonId: requireString(raw, 'lessonId') }), run: ({ lessonId }) => core.lessonProgress.reset(lessonId) },
    'lab:client-add': { parse: (raw) => orFail(parseVirtualClientConfig(raw)), run: async (config) => { core.virtualClients.add(config); return core.labSim() } },
    'lab:client-action': { parse: (raw) => orFail(parseVirtualClientAction(raw)), run: async ({ clientId, action }) => { await core.virtualClients.act(clientId, action); return core.labSim() } },
    'lab:fault-add': {
      parse: (raw) => orFail(parseFaultRule(raw)),
      run: async (rule) => {
        try {
          core.faults.add(rule)
        } catch (err) {
          throw new AppFailure('bad-request', (err as Error).message)
        }
        return core.labSim()
      },
    },
    'lab:fault-remove': { parse: (raw) => ({ id: requireString(raw, 'id') }), run: async ({ id }) => { core.faults.remove(id); return core.labSim() } },
    'lab:fault-release': {
      parse: (raw) => {
        const id = (raw as { id?: unknown } | null)?.id
        if (id !== 'all' && (typeof id !== 'number' || !Number.isInteger(id))) throw new AppFailure('bad-request', "id must be a held packet's number or 'all'.")
        return { id: id as number | 'all' }
      },
      run: async ({ id }) => { core.faults.release(id); return core.labSim() },
    },
    'console:bridges': { parse: noRequest, run: async () => requireBridges(core).list() },
    'console:bridge-save': { parse: (raw) => orFail(parseBridgeSave(raw)), run: (save) => requireBridges(core).save(save) },
    'console:bridge-remove': {
      parse: (raw) => ({ id: requireString(raw, 'id') }),
      run: ({ id }) => requireBridges(core).remove(id),
    },
    'console:acl': { parse: noRequest, run: async () => core.acl.state() },
    'console:acl-check': { parse: (raw) => ({ text: aclText(raw) }), run: async ({ text }) => core.acl.check(text) },
    'console:acl-set': { parse: (raw) => ({ text: aclText(raw) }), run: ({ text }) => core.setBrokerAcl(text) },
    'console:acl-test': { parse: (raw) => orFail(parseAclTestRequest(raw)), run: async (req) => core.acl.test(req) },
    'console:client-subscribe': {
      parse: (raw) => orFail(parseClientSubscribe(raw)),
      run: async ({ clientId, subscription }) => { addClientSubscription(core.runningBroker(), clientId, subscription); return null },
    },
    'console:client-unsubscribe': {
      parse: (raw) => {
        const { clientId, filter } = (raw ?? {}) as { clientId?: unknown; filter?: unknown }
        if (typeof clientId !== 'string' || typeof filter !== 'string') throw new AppFailure('bad-request', 'A client id and a filter are required.')
        return { clientId, filter }
      },
      run: async ({ clientId, filter }) => { removeClientSubscription(core.runningBroker(), clientId, filter); return null },
    },
    'console:client-action': { parse: (raw) => orFail(parseClientActionRequest(raw)), run: async ({ clientId, action }) => clientAction(core.runningBroker(), clientId, action) },
    'publish:saved': { parse: noRequest, run: async () => core.savedPublishes.list() },
    'publish:save': { parse: (raw) => orFail(parseSavePublishRequest(raw)), run: (req) => core.savedPublishes.save(req) },
    'publish:delete-template': {
      parse: (raw) => {
        const name = (raw as { name?: unknown } | null)?.name
        if (typeof name !== 'string' || name === '' || name.length > 200) throw new AppFailure('bad-request', 'A template name is required.')
        return { name }
      },
      run: ({ name }) => core.savedPublishes.deleteTemplate(name),
    },
    'retained:list': {
      parse: (raw) => orFail(parseRetainedListRequest(raw)),
      run: async (req) => requireExplorer(core).retainedList(req),
    },
    'retained:clear': {
      parse: (raw) => orFail(parseClearRetainedRequest(raw)),
      run: (req) => requireExplorer(core).clearRetained(req),
    },
    'retained:undo': {
      parse: (raw) => {
        const undoId = (raw as { undoId?: unknown } | null)?.undoId
        if (typeof undoId !== 'string' || undoId === '' || undoId.length > 200) throw new AppFailure('bad-request', 'An undo id is required.')
        return { undoId }
      },
      run: ({ undoId }) => requireExplorer(core).undoClear(undoId),
    },
    'tree:snapshot': {
      parse: (raw) => {
        const connectionId = (raw as { connectionId?: unknown } | null)?.connectionId
        if (typeof connectionId !== 'string' || connectionId === '' || connectionId.length > 200) throw new AppFailure('bad-request', 'A connection id is required.')
        return { connectionId }
      },
      run: async ({ connectionId }) => requireExplorer(core).snapshot(connectionId),
    },
  }
}

function aclText(raw: unknown): string {
  const text = (raw as { text?: unknown } | null)?.text
  if (typeof text !== 'string' || text.length > 5 * 1024 * 1024) throw new AppFailure('bad-request', 'The ACL text (at most 5 MB) is required.')
  return text
}

/** A required non-empty string field of a request. */
function requireString(raw: unknown, field: string): string {
  const value = (raw as Record<string, unknown> | null)?.[field]
  if (typeof value !== 'string' || value === '') throw new AppFailure('bad-request', `${field} is required.`)
  return value
}

function requireBridges(core: AppCore): NonNullable<AppCore['bridges']> {
  if (core.bridges === null) throw new AppFailure('not-found', 'This backend runs no broker, so it has no bridges.')
  return core.bridges
}

function requireExplorer(core: AppCore): NonNullable<AppCore['explorer']> {
  if (core.explorer === null) throw new AppFailure('not-found', 'This backend has no explorer connections.')
  return core.explorer
}

function parseId(raw: unknown): string {
  const id = (raw as { id?: unknown } | null)?.id
  if (typeof id !== 'string' || id === '' || id.length > 200) throw new AppFailure('bad-request', 'A connection id is required.')
  return id
}

/** The page's profile, filled with defaults for anything missing; a malformed one is a bad request. */
function parseSaveProfile(raw: unknown): SaveProfileRequest {
  const body = raw as { profile?: unknown; clearPassword?: unknown } | null
  if (typeof body?.profile !== 'object' || body.profile === null) throw new AppFailure('bad-request', 'A connection profile is required.')
  const given = body.profile as Partial<ConnectionProfile>
  const id = typeof given.id === 'string' && given.id !== '' ? given.id : `connection-${randomUUID()}`
  const profile = createProfile({ ...given, id })
  try {
    const problem = validateProfile(profile)
    if (problem !== null) throw new AppFailure('bad-request', problem)
  } catch (err) {
    if (err instanceof AppFailure) throw err
    throw new AppFailure('bad-request', 'The connection profile is malformed.')
  }
  return { profile, clearPassword: body.clearPassword === true }
}
