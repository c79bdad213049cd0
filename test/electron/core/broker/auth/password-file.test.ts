// mosquitto password files: hashing round trip, $7$/$6$ lines computed independently from the documented
// algorithms, files written by the real mosquitto_passwd (when installed), bad lines, and writing.
import { execFileSync } from 'node:child_process'
import { createHash, createHmac } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkUsername, decodePasswordHash, encodePasswordHash, formatPasswordFile, hashPassword, parsePasswordFile,
  verifyPassword, type PasswordHash,
} from '../../../../../electron/core/broker/auth/password-file'
import { AppFailure } from '../../../../../electron/core/support/app-failure'

const SALT = Buffer.from('0123456789ab') // 12 bytes, mosquitto 2.0's salt length

/** PBKDF2-HMAC-SHA512 (RFC 8018 §5.2) for one 64-byte block, written out so it does not share code with pbkdf2Sync. */
function pbkdf2Sha512(password: Buffer, salt: Buffer, iterations: number): Buffer {
  let u = createHmac('sha512', password).update(Buffer.concat([salt, Buffer.from([0, 0, 0, 1])])).digest()
  const t = Buffer.from(u)
  for (let i = 1; i < iterations; i++) {
    u = createHmac('sha512', password).update(u).digest()
    for (let j = 0; j < t.length; j++) t[j] = (t[j] as number) ^ (u[j] as number)
  }
  return t
}

function only(text: string): PasswordHash {
  const { users, errors } = parsePasswordFile(text, 'passwords.txt')
  expect(errors).toEqual([])
  const [hash] = [...users.values()]
  if (hash === undefined) throw new Error('no user parsed')
  return hash
}

function findBinary(name: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name)
  }
  return null
}
const MOSQUITTO_PASSWD = findBinary('mosquitto_passwd')

describe('hashPassword / verifyPassword', () => {
  it('writes $7$101$ with a 12-byte salt and a 64-byte hash, in padded base64', () => {
    expect(hashPassword('secret')).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/)
  })

  it('uses a fresh salt each time', () => {
    expect(hashPassword('secret')).not.toBe(hashPassword('secret'))
  })

  it('round trips: the right password verifies, others do not', () => {
    const hash = only(`alice:${hashPassword('pässword')}`)
    expect(verifyPassword(hash, Buffer.from('pässword'))).toBe(true)
    expect(verifyPassword(hash, Buffer.from('passwörd'))).toBe(false)
    expect(verifyPassword(hash, Buffer.alloc(0))).toBe(false)
  })

  it('matches an independent PBKDF2-HMAC-SHA512 computation', () => {
    const expected = pbkdf2Sha512(Buffer.from('secret'), SALT, 101).toString('base64')
    expect(hashPassword('secret', { salt: SALT })).toBe(`$7$101$${SALT.toString('base64')}$${expected}`)
  })

  it('verifies a $7$ line built from the documented algorithm, with any iteration count', () => {
    const hash = pbkdf2Sha512(Buffer.from('hunter2'), SALT, 1000)
    const parsed = only(`bob:$7$1000$${SALT.toString('base64')}$${hash.toString('base64')}\n`)
    expect(parsed).toMatchObject({ kind: 'sha512-pbkdf2', iterations: 1000 })
    expect(verifyPassword(parsed, Buffer.from('hunter2'))).toBe(true)
    expect(verifyPassword(parsed, Buffer.from('hunter3'))).toBe(false)
  })

  it('verifies a $6$ line: one SHA-512 over the password bytes then the salt bytes (mosquitto 1.x)', () => {
    const hash = createHash('sha512').update(Buffer.concat([Buffer.from('old-secret'), SALT])).digest()
    const parsed = only(`carol:$6$${SALT.toString('base64')}$${hash.toString('base64')}`)
    expect(parsed.kind).toBe('sha512')
    expect(verifyPassword(parsed, Buffer.from('old-secret'))).toBe(true)
    expect(verifyPassword(parsed, Buffer.from('secret-old'))).toBe(false)
  })

  it('accepts the 64-byte salts mosquitto 2.1 writes', () => {
    const salt = Buffer.alloc(64, 7)
    const hash = pbkdf2Sha512(Buffer.from('pw'), salt, 1000)
    const parsed = only(`dave:$7$1000$${salt.toString('base64')}$${hash.toString('base64')}`)
    expect(verifyPassword(parsed, Buffer.from('pw'))).toBe(true)
  })

  it('ignores the bytes after a 0x00, as mosquitto does by treating the password as a C string', () => {
    const hash = only(`eve:${hashPassword('abc')}`)
    expect(verifyPassword(hash, Buffer.from('abc\0xyz'))).toBe(true)
  })

  it('encodePasswordHash gives back the text it was parsed from', () => {
    const line = hashPassword('x')
    expect(encodePasswordHash(decodePasswordHash(line) as PasswordHash)).toBe(line)
  })
})

describe('files written by mosquitto_passwd', () => {
  const cases = [
    ['default ($7$)', [], '$7$101$'],
    ['-H sha512 ($6$)', ['-H', 'sha512'], '$6$'],
  ] as const
  it.for(cases)('verifies a %s file', ([, flags, prefix], ctx) => {
    ctx.skip(MOSQUITTO_PASSWD === null, 'mosquitto_passwd is not installed (Debian/Ubuntu: apt install mosquitto)')
    const dir = mkdtempSync(join(tmpdir(), 'topicscope-passwd-'))
    try {
      const file = join(dir, 'passwords.txt')
      execFileSync(MOSQUITTO_PASSWD as string, [...flags, '-b', '-c', file, 'user', 'pass wörd'])
      execFileSync(MOSQUITTO_PASSWD as string, [...flags, '-b', file, 'other', 'x'])
      const { users, errors } = parsePasswordFile(readFileSync(file, 'utf8'), 'passwords.txt')
      expect(errors).toEqual([])
      expect([...users.keys()]).toEqual(['user', 'other'])
      expect(readFileSync(file, 'utf8')).toContain(`user:${prefix}`)
      expect(verifyPassword(users.get('user') as PasswordHash, Buffer.from('pass wörd'))).toBe(true)
      expect(verifyPassword(users.get('user') as PasswordHash, Buffer.from('x'))).toBe(false)
      expect(verifyPassword(users.get('other') as PasswordHash, Buffer.from('x'))).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('parsePasswordFile', () => {
  const good = hashPassword('pw')

  it('skips blank lines and comments, trims names and hashes, and reads CRLF files', () => {
    const text = `# users\r\n\r\n  alice : ${good} \r\n   # indented comment\r\nbob:${good}:ignored after a second colon\r\n`
    const { users, errors } = parsePasswordFile(text, 'passwords.txt')
    expect(errors).toEqual([])
    expect([...users.keys()]).toEqual(['alice', 'bob'])
  })

  it('ignores a byte order mark at the start of the file', () => {
    expect([...parsePasswordFile(`\uFEFFalice:${good}`, 'pw').users.keys()]).toEqual(['alice'])
  })

  it('reports each bad line with its number and keeps the good ones', () => {
    const text = [
      `alice:${good}`, // 1
      'no colon here', // 2
      '', // 3
      'frank:$5$rounds=5000$abc$def', // 4
      `:${good}`, // 5
      'grace:', // 6
      `alice:${good}`, // 7
      `heidi:${good}`, // 8
    ].join('\n')
    const { users, errors } = parsePasswordFile(text, 'passwords.txt')
    expect([...users.keys()]).toEqual(['alice', 'heidi'])
    expect(errors.map((e) => e.line)).toEqual([2, 4, 5, 6, 7])
    expect(errors[0]?.message).toBe("passwords.txt line 2: expected 'username:hash'")
    expect(errors[1]?.message).toBe("passwords.txt line 4: user 'frank': unknown hash format '$5$…' (expected $7$ or $6$)")
    expect(errors[2]?.message).toBe('passwords.txt line 5: the user name is empty')
    expect(errors[3]?.message).toBe("passwords.txt line 6: user 'grace' has no password hash")
    expect(errors[4]?.message).toBe("passwords.txt line 7: user 'alice' is already defined on line 1; this line is ignored")
  })

  const salt = SALT.toString('base64')
  const hash = Buffer.alloc(64, 1).toString('base64')
  it.each([
    ['a plain-text password', 'secret', 'not hashed'],
    ['an argon2id hash (mosquitto 2.1)', '$argon2id$v=19$m=47104,t=1,p=1$c2FsdA$aGFzaA', 'argon2id'],
    ['a hash without a type', '$$abc', "unknown hash format '$…'"],
    ['a $7$ hash without its hash part', `$7$101$${salt}`, 'malformed $7$ hash'],
    ['a $6$ hash with an extra part', `$6$${salt}$${hash}$x`, 'malformed $6$ hash'],
    ['zero iterations', `$7$0$${salt}$${hash}`, "invalid iteration count '0'"],
    ['a non-numeric iteration count', `$7$10x$${salt}$${hash}`, "invalid iteration count '10x'"],
    ['an 8-byte salt', `$7$101$${Buffer.alloc(8).toString('base64')}$${hash}`, 'salt must be base64'],
    ['a salt that is not base64', `$7$101$not*base64*here$${hash}`, 'salt must be base64'],
    ['a 32-byte hash', `$7$101$${salt}$${Buffer.alloc(32).toString('base64')}`, 'hash must be base64 for 64 bytes'],
    ['an unpadded hash', `$6$${salt}$${hash.replace(/=+$/, '')}`, 'hash must be base64 for 64 bytes'],
  ])('rejects %s', (_name, encoded, message) => {
    const { users, errors } = parsePasswordFile(`# header\nuser:${encoded}`, 'pw')
    expect(users.size).toBe(0)
    expect(errors).toHaveLength(1)
    expect(errors[0]?.line).toBe(2)
    expect(errors[0]?.message).toContain(message)
  })
})

describe('checkUsername / formatPasswordFile', () => {
  it.each([
    ['', 'empty'],
    ['a:b', "contains ':'"],
    ['two\nlines', 'control character'],
    ['tab\there', 'control character'],
  ])('rejects the user name %j', (name, message) => {
    expect(checkUsername(name)).toContain(message)
  })

  it('accepts names with spaces, non-ASCII and symbols', () => {
    expect(checkUsername('Jürgen Smith+1@example')).toBeNull()
  })

  it('writes one username:hash line per user that parses back to the same users', () => {
    const users = new Map([['alice', hashPassword('a')], ['bob', hashPassword('b')]])
    const text = formatPasswordFile(users)
    expect(text).toBe(`alice:${users.get('alice')}\nbob:${users.get('bob')}\n`)
    const parsed = parsePasswordFile(text, 'pw')
    expect(parsed.errors).toEqual([])
    expect(verifyPassword(parsed.users.get('bob') as PasswordHash, Buffer.from('b'))).toBe(true)
  })

  it.each([
    ['a user name with a colon', 'a:b', hashPassword('x')],
    ['an empty user name', '', hashPassword('x')],
    ['a hash with a line break', 'alice', `${hashPassword('x')}\nmallory:$6$x$y`],
  ])('refuses %s', (_name, username, encoded) => {
    expect(() => formatPasswordFile(new Map([[username, encoded]]))).toThrow(AppFailure)
  })
})
