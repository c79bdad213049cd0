// The embedded broker's users, managed from the console: user names with mosquitto-compatible password
// hashes ($7$ PBKDF2-SHA512) in broker-users.passwd in the data folder (0600: it holds the hashes), so the
// file also works with mosquitto. A change gives the running broker a new auth policy at once: connected
// clients are not dropped. Whether clients that send no user name are accepted is the anonymous-access setting.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrokerUsersList, UsersImportResult } from '../../../shared/model/broker-users'
import type { Acl } from '../broker/auth/acl-file'
import { createFileAuthPolicy } from '../broker/auth/file-auth-policy'
import { checkUsername, decodePasswordHash, formatPasswordFile, hashPassword, parsePasswordFile, type PasswordHash } from '../broker/auth/password-file'
import type { BrokerPolicy } from '../broker/hooks'
import { AppFailure } from '../support/app-failure'
import { writeFileAtomic } from '../support/atomic-write'

export const USERS_FILE = 'broker-users.passwd'

export class BrokerUsers {
  /** user name → encoded hash, in the order they were added. */
  private readonly hashes = new Map<string, string>()
  readonly path: string

  constructor(dataDir: string, onWarning: (message: string) => void) {
    this.path = join(dataDir, USERS_FILE)
    if (!existsSync(this.path)) return
    try {
      const parsed = parsePasswordFile(readFileSync(this.path, 'utf8'), this.path)
      for (const e of parsed.errors) onWarning(e.message)
      const text = readFileSync(this.path, 'utf8')
      for (const line of text.split('\n')) {
        const at = line.indexOf(':')
        const name = line.slice(0, at).trim()
        if (at > 0 && parsed.users.has(name)) this.hashes.set(name, line.slice(at + 1).split(':')[0]!.trim())
      }
    } catch (err) {
      onWarning(`${this.path} could not be read (${(err as Error).message}); the broker has no users until it can.`)
    }
  }

  list(): BrokerUsersList {
    return { users: [...this.hashes.keys()].sort((a, b) => a.localeCompare(b)), file: this.path }
  }

  /** Adds a user, or sets a new password for one. */
  async set(username: string, password: string): Promise<void> {
    const problem = checkUsername(username)
    if (problem !== null) throw new AppFailure('bad-request', problem)
    if (password === '') throw new AppFailure('bad-request', 'A password cannot be empty.')
    this.hashes.set(username, hashPassword(password))
    await this.save()
  }

  async remove(username: string): Promise<void> {
    if (!this.hashes.delete(username)) throw new AppFailure('not-found', `There is no user '${username}'.`)
    await this.save()
  }

  /** Adds the users of a mosquitto password file (a user already here takes the file's hash). */
  async importFile(text: string): Promise<UsersImportResult> {
    const parsed = parsePasswordFile(text, 'the imported file')
    let imported = 0
    for (const line of text.split('\n')) {
      const at = line.indexOf(':')
      const name = line.slice(0, at).trim()
      if (at <= 0 || !parsed.users.has(name)) continue
      this.hashes.set(name, line.slice(at + 1).split(':')[0]!.trim())
      imported++
    }
    if (imported > 0) await this.save()
    return { imported, skipped: parsed.errors.map((e) => e.message) }
  }

  /**
   * The auth policy for these users and `acl`. Without users a user name is taken on trust; clients
   * without one need `allowAnonymous`, as in mosquitto.
   */
  policy(acl: Acl | null = null, allowAnonymous = true): BrokerPolicy {
    const passwords = new Map<string, PasswordHash>()
    for (const [name, encoded] of this.hashes) {
      const hash = decodePasswordHash(encoded)
      if (typeof hash !== 'string') passwords.set(name, hash)
    }
    return createFileAuthPolicy({ allowAnonymous, passwords: passwords.size === 0 ? null : passwords, acl })
  }

  private save(): Promise<void> {
    return writeFileAtomic(this.path, formatPasswordFile(this.hashes), 0o600)
  }
}
