// The console's ACL against a running AppCore and real MQTT.js clients: a text with a bad line is refused
// whole and nothing changes; an applied one is written 0600, reloaded after a restart, and enforced on
// the next PUBLISH and SUBSCRIBE of clients that stay connected; the tester names the deciding line.
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { ACL_FILE, BrokerAcl } from '../../../../electron/core/console/broker-acl'
import { openTestCore } from '../../../support/test-core'
import { makeTempDir } from '../../../support/temp-dir'

const ACL = [
  '# anonymous clients',
  'topic read public/#',
  'topic deny public/secret',
  '',
  'user ada',
  'topic readwrite home/#',
  'pattern write devices/%c/state',
].join('\n')

describe('console: the ACL', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('refuses a text with a bad line whole, naming each problem, and keeps the ACL in force', async () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    const acl = new BrokerAcl(dir.path, () => undefined)
    await acl.set(ACL)
    const bad = 'topic read a/#\ntopik read b\nuser\n'
    expect(acl.check(bad).map((p) => p.line)).toEqual([2, 3])
    await expect(acl.set(bad)).rejects.toThrow(/2 line\(s\) of the ACL are wrong; the first: .*line 2/)
    expect(acl.state().text).toBe(ACL)
    expect(readFileSync(join(dir.path, ACL_FILE), 'utf8')).toBe(ACL)
    expect(statSync(join(dir.path, ACL_FILE)).mode & 0o777).toBe(0o600)
    expect(acl.check(ACL)).toEqual([])
  })

  it('answers the tester with the line that decided, or why none did', async () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    const acl = new BrokerAcl(dir.path, () => undefined)
    const ask = (username: string | null, clientId: string, topic: string, access: 'read' | 'write' | 'subscribe') => acl.test({ username, clientId, topic, access })
    expect(ask(null, 'c', 'anything', 'write')).toEqual({ allowed: true, reason: 'no-acl', line: null, lineText: null })
    await acl.set(ACL)
    expect(ask(null, 'c', 'public/news', 'read')).toEqual({ allowed: true, reason: 'rule', line: 2, lineText: 'topic read public/#' })
    expect(ask(null, 'c', 'public/secret', 'read')).toEqual({ allowed: false, reason: 'rule', line: 3, lineText: 'topic deny public/secret' })
    expect(ask(null, 'c', 'public/news', 'write')).toMatchObject({ allowed: false, reason: 'no-matching-rule' })
    expect(ask('ada', 'c', 'home/kitchen', 'write')).toMatchObject({ allowed: true, line: 6 })
    expect(ask('ada', 'lamp', 'devices/lamp/state', 'write')).toMatchObject({ allowed: true, line: 7 })
    expect(ask('ada', 'lamp', 'devices/other/state', 'write')).toMatchObject({ allowed: false, reason: 'no-matching-rule' })
    expect(ask('ada', 'la+mp', 'devices/la+mp/state', 'write')).toMatchObject({ allowed: false, reason: 'wildcard-identity' })
    expect(ask('ada', 'c', '$SYS/broker/uptime', 'write')).toMatchObject({ allowed: false, reason: 'dollar-topic' })
  })

  it('is enforced at once on clients that stay connected, and read again after a restart', async () => {
    const { core, dataDir, port } = await openTestCore(cleanups)
    const url = `mqtt://127.0.0.1:${port}`
    const watcher = await mqtt.connectAsync(url, { clientId: 'watcher', protocolVersion: 5 })
    cleanups.push(() => watcher.endAsync())
    await watcher.subscribeAsync('#', { qos: 1 })
    const seen: string[] = []
    watcher.on('message', (topic) => seen.push(topic))
    const device = await mqtt.connectAsync(url, { clientId: 'device', protocolVersion: 5 })
    cleanups.push(() => device.endAsync())

    await core.setBrokerAcl('topic readwrite allowed/#\n')
    // PUBACK 0x87 for what the ACL does not allow [MQTT-3.3.5-2 / v5 reason 0x87]; the connection stays.
    await expect(device.publishAsync('blocked/x', 'no', { qos: 1 })).rejects.toThrow(/135|not authori[sz]ed/i)
    await device.publishAsync('allowed/x', 'yes', { qos: 1 })
    await expect.poll(() => seen).toContain('allowed/x')
    expect(seen).not.toContain('blocked/x')
    await expect(device.subscribeAsync('secrets/#', { qos: 1 })).rejects.toThrow(/not authori[sz]ed/i) // SUBACK 0x87
    expect(device.connected).toBe(true)
    expect(watcher.connected).toBe(true)

    await expect(core.setBrokerAcl('bogus line\n')).rejects.toThrow(/first: /)
    await expect(device.publishAsync('blocked/y', 'still no', { qos: 1 })).rejects.toThrow(/135|not authori[sz]ed/i)

    await core.setBrokerAcl('')
    await device.publishAsync('blocked/z', 'now yes', { qos: 1 })
    await expect.poll(() => seen).toContain('blocked/z')

    writeFileSync(join(dataDir, ACL_FILE), 'topic read only/#\n')
    const reopened = new BrokerAcl(dataDir, () => undefined)
    expect(reopened.test({ username: null, clientId: 'c', topic: 'only/x', access: 'write' }).allowed).toBe(false)
  })

  it('warns about the lines of a hand-edited file it skips, and runs on the rest', () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    writeFileSync(join(dir.path, ACL_FILE), 'topic read a/#\nnonsense\n')
    const warnings: string[] = []
    const acl = new BrokerAcl(dir.path, (m) => warnings.push(m))
    expect(warnings).toEqual([expect.stringMatching(/line 2/)])
    expect(acl.test({ username: null, clientId: 'c', topic: 'a/b', access: 'read' }).allowed).toBe(true)
  })
})
