// mosquitto's password file: `username:hash` lines with SHA-512 hashes, read, written and checked.
// Text and node:crypto only: it never opens files (callers pass contents) and knows nothing of MQTT.
import { createHash, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'
import { AppFailure } from '../../support/app-failure'

/** A decoded password hash; `$7$` is mosquitto 2's default, `$6$` what mosquitto 1.x wrote. */
export type PasswordHash =
  | { kind: 'sha512-pbkdf2'; iterations: number; salt: Buffer; hash: Buffer }
  | { kind: 'sha512'; salt: Buffer; hash: Buffer }

/** mosquitto 2.0's PW_DEFAULT_ITERATIONS. 2.1 writes 1000; both read any count. */
export const PBKDF2_DEFAULT_ITERATIONS = 101
/** mosquitto 2.0's SALT_LEN. 2.1 writes 64-byte salts, which 2.0 rejects, so we write 12 to suit both. */
export const SALT_BYTES = 12
/** The salt length mosquitto 2.1 writes; we read it like 2.1 does. */
export const LONG_SALT_BYTES = 64
/** A SHA-512 digest, and the PBKDF2 output length mosquitto asks for (EVP_MAX_MD_SIZE). */
export const HASH_BYTES = 64
/** mosquitto skips lines whose user name or hash is longer than this (a 2-byte MQTT string length). */
const MAX_FIELD_CHARS = 65_535
/** mosquitto keeps the iteration count in a C int. */
const MAX_ITERATIONS = 2_147_483_647

/** The outcome of {@link parsePasswordFile}: the users that can log in, and every line that was skipped. */
export interface ParsedPasswordFile {
  users: Map<string, PasswordHash>
  /** One entry per skipped line; `message` is a whole sentence starting with the file name and line. */
  errors: Array<{ line: number; message: string }>
}

/**
 * Parses a mosquitto password file. Blank lines and lines starting with '#' are ignored; the user name
 * and hash are trimmed, and anything after a second ':' is ignored, as mosquitto does. A line mosquitto
 * would drop (no ':', empty name, no hash, unknown or malformed hash) is reported and skipped; so is a
 * repeated user name (the first one stays: mosquitto's choice between duplicates is an accident of its
 * hash table).
 */
export function parsePasswordFile(text: string, fileName: string): ParsedPasswordFile {
  const users = new Map<string, PasswordHash>()
  const firstLine = new Map<string, number>()
  const errors: ParsedPasswordFile['errors'] = []
  // A leading U+FEFF (Windows editors) would otherwise become part of the first user name.
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1
    const raw = lines[i] as string
    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const report = (message: string) => errors.push({ line, message: `${fileName} line ${line}: ${message}` })
    const colon = raw.indexOf(':')
    if (colon === -1) {
      report("expected 'username:hash'")
      continue
    }
    const username = raw.slice(0, colon).trim()
    const encoded = (raw.slice(colon + 1).split(':')[0] as string).trim()
    const nameProblem = checkUsername(username)
    if (nameProblem !== null) {
      report(nameProblem)
      continue
    }
    if (encoded === '') {
      report(`user '${username}' has no password hash`)
      continue
    }
    if (encoded.length > MAX_FIELD_CHARS) {
      report(`the hash of user '${username}' is longer than ${MAX_FIELD_CHARS} characters`)
      continue
    }
    const decoded = decodePasswordHash(encoded)
    if (typeof decoded === 'string') {
      report(`user '${username}': ${decoded}`)
      continue
    }
    const first = firstLine.get(username)
    if (first !== undefined) {
      report(`user '${username}' is already defined on line ${first}; this line is ignored`)
      continue
    }
    firstLine.set(username, line)
    users.set(username, decoded)
  }
  return { users, errors }
}

/**
 * Checks a user name for the password file.
 * @returns null when valid, else one sentence saying what is wrong.
 */
export function checkUsername(username: string): string | null {
  if (username === '') return 'the user name is empty'
  // ':' ends the name on reading; mosquitto_passwd refuses it too (mosquitto 2.0 ChangeLog, #1833).
  if (username.includes(':')) return `the user name '${username}' contains ':', which ends a name in this file`
  // mosquitto_passwd refuses control characters; a line break would also split the entry in two.
  if (/\p{Cc}/u.test(username)) return 'the user name contains a control character'
  if (username.length > MAX_FIELD_CHARS) return `the user name is longer than ${MAX_FIELD_CHARS} characters`
  return null
}

/**
 * Decodes `$7$<iterations>$<base64 salt>$<base64 hash>` or `$6$<base64 salt>$<base64 hash>`: standard
 * base64 with padding (OpenSSL's encoder, as mosquitto uses), a 12- or 64-byte salt, a 64-byte hash.
 * @returns the hash, or a sentence saying why mosquitto would not accept it.
 */
export function decodePasswordHash(encoded: string): PasswordHash | string {
  if (!encoded.startsWith('$')) {
    return 'the password is not hashed; run `mosquitto_passwd -U <file>` to hash a plain-text file'
  }
  if (encoded.startsWith('$argon2id$')) {
    return "uses argon2id (mosquitto 2.1's default), which Topicscope cannot check yet; " +
      'set the password again with `mosquitto_passwd -H sha512-pbkdf2`'
  }
  const parts = encoded.split('$')
  const kind = parts[1]
  if (kind !== '6' && kind !== '7') {
    return `unknown hash format '${kind === undefined || kind === '' ? '$' : `$${kind}$`}…' (expected $7$ or $6$)`
  }
  const expectedParts = kind === '7' ? 5 : 4
  if (parts.length !== expectedParts) {
    return kind === '7'
      ? 'malformed $7$ hash (expected $7$<iterations>$<salt>$<hash>)'
      : 'malformed $6$ hash (expected $6$<salt>$<hash>)'
  }
  let iterations = 0
  if (kind === '7') {
    const text = parts[2] as string
    iterations = /^[0-9]{1,10}$/.test(text) ? Number(text) : 0
    if (iterations < 1 || iterations > MAX_ITERATIONS) return `invalid iteration count '${text}'`
  }
  const salt = decodeBase64(parts[expectedParts - 2] as string)
  if (salt === null || (salt.length !== SALT_BYTES && salt.length !== LONG_SALT_BYTES)) {
    return `the salt must be base64 for ${SALT_BYTES} or ${LONG_SALT_BYTES} bytes`
  }
  const hash = decodeBase64(parts[expectedParts - 1] as string)
  if (hash === null || hash.length !== HASH_BYTES) return `the hash must be base64 for ${HASH_BYTES} bytes`
  return kind === '7' ? { kind: 'sha512-pbkdf2', iterations, salt, hash } : { kind: 'sha512', salt, hash }
}

/** Encodes a hash the way mosquitto_passwd writes it (the part after `username:`). */
export function encodePasswordHash(hash: PasswordHash): string {
  const salt = hash.salt.toString('base64')
  const digest = hash.hash.toString('base64')
  return hash.kind === 'sha512-pbkdf2' ? `$7$${hash.iterations}$${salt}$${digest}` : `$6$${salt}$${digest}`
}

/**
 * Hashes a password as mosquitto 2.0's mosquitto_passwd does: PBKDF2-HMAC-SHA512 over the UTF-8
 * password with a random 12-byte salt, 64 bytes out. `salt` is for tests that need a fixed output.
 */
export function derivePasswordHash(password: string, opts: { iterations?: number; salt?: Buffer } = {}): PasswordHash {
  const iterations = opts.iterations ?? PBKDF2_DEFAULT_ITERATIONS
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new RangeError(`iterations must be an integer from 1 to ${MAX_ITERATIONS}`)
  }
  const salt = opts.salt ?? randomBytes(SALT_BYTES)
  return { kind: 'sha512-pbkdf2', iterations, salt, hash: pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, HASH_BYTES, 'sha512') }
}

/** derivePasswordHash in the password file's encoded `$7$101$<salt>$<hash>` form. */
export function hashPassword(password: string, opts: { iterations?: number; salt?: Buffer } = {}): string {
  return encodePasswordHash(derivePasswordHash(password, opts))
}

/**
 * Checks the password a client sent in CONNECT, in constant time for a given hash. Like mosquitto,
 * which handles the password as a C string, only the bytes before the first 0x00 count.
 */
export function verifyPassword(hash: PasswordHash, password: Buffer): boolean {
  const nul = password.indexOf(0)
  const secret = nul === -1 ? password : password.subarray(0, nul)
  const computed = hash.kind === 'sha512-pbkdf2'
    ? pbkdf2Sync(secret, hash.salt, hash.iterations, HASH_BYTES, 'sha512')
    // mosquitto 1.x / `-H sha512`: one SHA-512 over the password bytes followed by the salt bytes.
    : createHash('sha512').update(secret).update(hash.salt).digest()
  return computed.length === hash.hash.length && timingSafeEqual(computed, hash.hash)
}

/**
 * Writes a password file from encoded hashes (see {@link hashPassword}, {@link encodePasswordHash}),
 * one `username:hash` line each, in the map's order.
 * @throws AppFailure('bad-request') for a user name {@link checkUsername} rejects or a hash that
 *   would not stay on its own line.
 */
export function formatPasswordFile(users: Map<string, string>): string {
  let text = ''
  for (const [username, encoded] of users) {
    const problem = checkUsername(username)
    if (problem !== null) throw new AppFailure('bad-request', `Cannot write the password file: ${problem}`)
    if (encoded === '' || /[:\p{Cc}]/u.test(encoded)) {
      throw new AppFailure('bad-request', `Cannot write the password file: the hash of user '${username}' is not a hash`)
    }
    text += `${username}:${encoded}\n`
  }
  return text
}

/** Strict standard base64 with padding; Buffer.from alone would skip stray characters silently. */
function decodeBase64(text: string): Buffer | null {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null
  return Buffer.from(text, 'base64')
}
