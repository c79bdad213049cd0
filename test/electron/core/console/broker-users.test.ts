// The console's users file: mosquitto-compatible hashes in a 0600 file that survives a restart, the
// policy it gives the broker (right password in, wrong one out, no user name still in), and importing a
// mosquitto password file.
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { parsePasswordFile, hashPassword } from '../../../../electron/core/broker/auth/password-file'
import { BrokerUsers } from '../../../../electron/core/console/broker-users'
import { makeTempDir } from '../../../support/temp-dir'

const request = (username: string | null, password: string | null) => ({
  clientId: 'c', username, password: password === null ? null : Buffer.from(password), protocolVersion: 5 as const,
  address: '127.0.0.1:1', listener: 'tcp', certificateCommonName: null,
})

describe('BrokerUsers', () => {
  const dirs: Array<{ remove(): void }> = []
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()))

  it('writes mosquitto hashes to a 0600 file, reloads them, and gives a policy that checks them', async () => {
    const dir = makeTempDir()
    dirs.push(dir)
    const users = new BrokerUsers(dir.path, () => undefined)
    await users.set('ada', 's3cret')
    await users.set('bob', 'pw')
    await users.remove('bob')
    expect(statSync(users.path).mode & 0o777).toBe(0o600)
    const parsed = parsePasswordFile(readFileSync(users.path, 'utf8'), users.path)
    expect([...parsed.users.keys()]).toEqual(['ada'])
    expect(readFileSync(users.path, 'utf8')).toMatch(/^ada:\$7\$101\$/)

    const again = new BrokerUsers(dir.path, () => undefined)
    expect(again.list().users).toEqual(['ada'])
    const policy = again.policy()
    expect(await policy.authenticate!(request('ada', 's3cret') as never)).toMatchObject({ ok: true })
    expect(await policy.authenticate!(request('ada', 'wrong') as never)).toMatchObject({ ok: false })
    expect(await policy.authenticate!(request(null, null) as never)).toMatchObject({ ok: true })
    await expect(users.set('', 'x')).rejects.toThrow()
    await expect(users.set('eve', '')).rejects.toThrow('A password cannot be empty.')
  })

  it('imports a mosquitto password file, naming the lines it skips', async () => {
    const dir = makeTempDir()
    dirs.push(dir)
    const users = new BrokerUsers(dir.path, () => undefined)
    const result = await users.importFile(`carol:${hashPassword('c')}\nbroken\ndave:plaintext\n`)
    expect(result.imported).toBe(1)
    expect(result.skipped).toHaveLength(2)
    expect(users.list().users).toEqual(['carol'])
    expect(await users.policy().authenticate!(request('carol', 'c') as never)).toMatchObject({ ok: true })
  })

  it('reads a hand-edited file as the broker does: the first line of a user counts, a later broken one is skipped', async () => {
    const dir = makeTempDir()
    dirs.push(dir)
    const first = new BrokerUsers(dir.path, () => undefined)
    await first.set('alice', 'wonderland')
    await first.set('bob', 'builder')
    writeFileSync(first.path, `${readFileSync(first.path, 'utf8')}alice:$7$garbage\n`)
    const warnings: string[] = []
    const users = new BrokerUsers(dir.path, (w) => warnings.push(w))
    expect(warnings).toHaveLength(1)
    expect(await users.policy().authenticate!(request('alice', 'wonderland') as never)).toMatchObject({ ok: true })
    expect(await users.policy().authenticate!(request('alice', 'wrong') as never)).toMatchObject({ ok: false })
  })
})
