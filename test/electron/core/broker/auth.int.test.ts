// Authentication and ACLs end to end: a mosquitto password file and ACL file loaded by startBroker,
// real clients refused with the right code per version, denied publishes and subscriptions.
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../../../electron/core/broker/auth/password-file'
import { startBroker, type RunningBroker } from '../../../../electron/core/broker/broker-service'
import { defaultBrokerConfig } from '../../../../electron/core/broker/config/broker-config'
import { silentLogger } from '../../../../electron/core/support/logger'
import { connectedClient } from '../../../support/raw-client'
import { makeTempDir } from '../../../support/temp-dir'

const run = promisify(execFile)
const hasMosquittoClients = await run('which', ['mosquitto_pub']).then(() => true, () => false)

describe('broker: password file and ACL', () => {
  const dir = makeTempDir()
  let running: RunningBroker
  let port: number
  beforeAll(async () => {
    writeFileSync(join(dir.path, 'passwd'), `alice:${hashPassword('wonderland')}\nbob:${hashPassword('builder')}\n`)
    writeFileSync(join(dir.path, 'acl'), 'user alice\ntopic readwrite home/#\n\nuser bob\ntopic read home/#\ntopic write bob/out\n')
    const config = defaultBrokerConfig()
    config.listeners[0]!.port = 0
    config.allowAnonymous = false
    config.passwordFile = join(dir.path, 'passwd')
    config.aclFile = join(dir.path, 'acl')
    running = await startBroker({ config, version: 'test', log: silentLogger })
    port = running.listeners[0]!.port
  })
  afterAll(async () => {
    await running.close()
    dir.remove()
  })

  it.each([
    [4, 'alice', 'nope', 4],
    [5, 'alice', 'nope', 0x86],
    [4, 'mallory', 'x', 4], // unknown user: the same answer as a wrong password
    [5, 'mallory', 'x', 0x86],
  ] as const)('v%i: %s with a wrong password is refused with %i', async (version, username, password, code) => {
    const { client, connack } = await connectedClient(port, { clientId: `c-${username}`, version, username, password: Buffer.from(password) })
    expect(version === 5 ? connack.reasonCode : connack.returnCode).toBe(code)
    await client.closed
  })

  it.each([[4, 5], [5, 0x87]] as const)('v%i: no user name with anonymous access off is refused with %i', async (version, code) => {
    const { client, connack } = await connectedClient(port, { clientId: 'anon', version })
    expect(version === 5 ? connack.reasonCode : connack.returnCode).toBe(code)
    await client.closed
  })

  it('accepts the right password', async () => {
    const { client, connack } = await connectedClient(port, { clientId: 'alice-1', version: 5, username: 'alice', password: Buffer.from('wonderland') })
    expect(connack.reasonCode).toBe(0)
    client.end()
  })

  it('a denied publish gets PUBACK 0x87 in v5 and is not delivered; 3.1.1 gets a plain PUBACK and nothing is delivered', async () => {
    const sub = await connectedClient(port, { clientId: 'alice-sub', version: 5, username: 'alice', password: Buffer.from('wonderland') })
    sub.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'home/#', qos: 1 }] })
    await sub.client.next('suback')
    const bob5 = await connectedClient(port, { clientId: 'bob-5', version: 5, username: 'bob', password: Buffer.from('builder') })
    bob5.client.send({ cmd: 'publish', topic: 'home/door', payload: Buffer.from('open'), qos: 1, messageId: 3, retain: false, dup: false })
    expect(await bob5.client.next('puback')).toMatchObject({ messageId: 3, reasonCode: 0x87 })
    const bob4 = await connectedClient(port, { clientId: 'bob-4', version: 4, username: 'bob', password: Buffer.from('builder') })
    bob4.client.send({ cmd: 'publish', topic: 'home/door', payload: Buffer.from('open'), qos: 1, messageId: 4, retain: false, dup: false })
    expect(await bob4.client.next('puback')).toMatchObject({ messageId: 4 })
    expect(await sub.client.silentFor(200)).toBe(true)
    expect(running.broker.counters.dropped['not-authorized']).toBeGreaterThanOrEqual(2)
    for (const c of [sub, bob5, bob4]) c.client.end()
  })

  it('a subscription that can deliver nothing readable gets SUBACK 0x87 (v5) / 0x80 (3.1.1)', async () => {
    for (const version of [5, 4] as const) {
      const bob = await connectedClient(port, { clientId: `bob-sub-${version}`, version, username: 'bob', password: Buffer.from('builder') })
      bob.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'bob/out', qos: 0 }, { topic: 'home/+', qos: 0 }] })
      expect((await bob.client.next('suback')).granted).toEqual([version === 5 ? 0x87 : 0x80, 0])
      bob.client.end()
    }
  })

  it.skipIf(!hasMosquittoClients)('mosquitto_pub: right password publishes, wrong password is refused', async () => {
    await run('mosquitto_pub', ['-p', String(port), '-u', 'alice', '-P', 'wonderland', '-t', 'home/x', '-m', 'hi', '-q', '1'])
    const wrong = await run('mosquitto_pub', ['-p', String(port), '-u', 'alice', '-P', 'bad', '-t', 'home/x', '-m', 'hi', '-V', 'mqttv5']).then(() => null, (err: { stderr: string }) => err.stderr)
    expect(wrong).toMatch(/Bad user name or password/i)
  })
})
