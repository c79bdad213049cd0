// A BrokerPolicy that enforces a mosquitto password file and ACL file the way mosquitto 2 does.
// Synchronous by design (the broker skips awaits for plain answers); it never reads files itself.
import { randomBytes } from 'node:crypto'
import type { AuthRequest, AuthResult, BrokerPolicy, ClientInfo } from '../hooks'
import { checkAcl, checkDollarTopic, type Acl } from './acl-file'
import { HASH_BYTES, PBKDF2_DEFAULT_ITERATIONS, SALT_BYTES, verifyPassword, type PasswordHash } from './password-file'

/** What {@link createFileAuthPolicy} enforces; the files are already parsed. */
export interface FileAuthPolicyOptions {
  /** mosquitto's `allow_anonymous`: clients that send no user name may connect. */
  allowAnonymous: boolean
  /** mosquitto's `password_file`, parsed; null when none is configured. */
  passwords: Map<string, PasswordHash> | null
  /** mosquitto's `acl_file`, parsed; null when none is configured (then only the `$` rules apply). */
  acl: Acl | null
  /**
   * mosquitto's `use_identity_as_username`: the verified certificate's Common Name is the user name and
   * no password is checked; a client without one is refused. Set it only on a policy serving TLS
   * listeners with that option: mosquitto applies it per listener.
   */
  useIdentityAsUsername?: boolean
}

const BAD_CREDENTIALS: AuthResult = { ok: false, reasonCode: 0x86, reason: 'Bad user name or password' }
const ANONYMOUS_DISABLED: AuthResult = { ok: false, reasonCode: 0x87, reason: 'Anonymous access is disabled' }
const NO_CERTIFICATE: AuthResult = { ok: false, reasonCode: 0x86, reason: 'A client certificate with a Common Name is required' }

/**
 * Builds the policy. Authentication follows mosquitto 2.0 (src/security.c, mosquitto_unpwd_check):
 * no user name needs `allowAnonymous`; with a password file a user name must be in it with the right
 * password, whatever `allowAnonymous` says; without one a user name is taken on trust when anonymous
 * access is on and refused when it is off. Unknown user and wrong password get the same answer and
 * the same work, so neither the reason nor the timing tells which names exist. mosquitto itself
 * answers 0x87 for every failure; we answer 0x86 for bad credentials, which tells the user what to fix.
 *
 * Authorization: publish is a `write` check, each delivered message a `read` check (authorizeRead),
 * subscribe is refused only when the filter can deliver nothing the client may read (see checkAcl). No ACL file means everything is allowed except what
 * mosquitto refuses to everyone (checkDollarTopic). Decisions are not cached: a check is a few string
 * comparisons per rule, cheaper than keeping a per-client map in step with reloads.
 */
export function createFileAuthPolicy(opts: FileAuthPolicyOptions): BrokerPolicy {
  const { allowAnonymous, passwords, acl } = opts
  const decoy = decoyHash(passwords)

  const authorize = (client: ClientInfo, topic: string, access: 'read' | 'write' | 'subscribe'): boolean => {
    if (acl === null) return checkDollarTopic(topic, access)
    return checkAcl(acl, { username: client.username, clientId: client.clientId }, topic, access)
  }

  return {
    authenticate(req: AuthRequest): AuthResult {
      if (opts.useIdentityAsUsername === true) {
        // mosquitto drops the CONNECT user name and password on such listeners and trusts the certificate.
        return req.certificateCommonName === null || req.certificateCommonName === ''
          ? NO_CERTIFICATE
          : { ok: true, username: req.certificateCommonName }
      }
      if (req.username === null) return allowAnonymous ? { ok: true, username: null } : ANONYMOUS_DISABLED
      if (passwords === null) return allowAnonymous ? { ok: true, username: req.username } : BAD_CREDENTIALS
      const stored = passwords.get(req.username)
      const password = req.password ?? Buffer.alloc(0)
      if (stored === undefined || req.password === null) {
        verifyPassword(decoy, password) // equal work whichever check failed
        return BAD_CREDENTIALS
      }
      return verifyPassword(stored, password) ? { ok: true, username: req.username } : BAD_CREDENTIALS
    },
    authorizePublish: (client, topicName) => authorize(client, topicName, 'write'),
    authorizeRead: (client, topicName) => authorize(client, topicName, 'read'),
    authorizeSubscribe: (client, topicFilter) => authorize(client, topicFilter, 'subscribe'),
  }
}

/** Random bytes at the cost of the file's first hash: checked for unknown users, never matched. */
function decoyHash(passwords: Map<string, PasswordHash> | null): PasswordHash {
  const first = passwords?.values().next().value
  const salt = randomBytes(SALT_BYTES)
  const hash = randomBytes(HASH_BYTES)
  if (first?.kind === 'sha512') return { kind: 'sha512', salt, hash }
  return { kind: 'sha512-pbkdf2', iterations: first?.iterations ?? PBKDF2_DEFAULT_ITERATIONS, salt, hash }
}
