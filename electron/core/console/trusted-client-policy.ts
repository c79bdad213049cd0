// The app's own connection to its embedded broker (the Explorer, the publish panel) signs in with a user
// name and a random password made at each start, and is let through whatever the users, anonymous access
// and the ACL say: turning anonymous access off or writing a strict ACL must not blind the console that
// administers the broker. Only the `$` rules every client obeys still apply to it.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { checkDollarTopic } from '../broker/auth/acl-file'
import type { BrokerPolicy, ClientInfo } from '../broker/hooks'

export interface TrustedCredentials {
  username: string
  password: string
}

/** A user name no mosquitto password file can hold (':' separates name and hash there). */
export function makeTrustedCredentials(): TrustedCredentials {
  return { username: 'topicscope:explorer', password: randomBytes(24).toString('base64url') }
}

export function withTrustedClient(policy: BrokerPolicy, trusted: TrustedCredentials): BrokerPolicy {
  const secret = Buffer.from(trusted.password)
  const isTrusted = (client: ClientInfo) => client.username === trusted.username
  return {
    ...policy,
    authenticate(req) {
      if (req.username !== trusted.username) return policy.authenticate?.(req) ?? { ok: true, username: req.username }
      const ok = req.password !== null && req.password.length === secret.length && timingSafeEqual(req.password, secret)
      return ok ? { ok: true, username: req.username } : { ok: false, reasonCode: 0x86, reason: 'Bad user name or password' }
    },
    authorizePublish: (client, topic) => (isTrusted(client) ? checkDollarTopic(topic, 'write') : policy.authorizePublish?.(client, topic) ?? true),
    authorizeSubscribe: (client, filter) => (isTrusted(client) ? checkDollarTopic(filter, 'subscribe') : policy.authorizeSubscribe?.(client, filter) ?? true),
    authorizeRead: (client, topic) => (isTrusted(client) ? checkDollarTopic(topic, 'read') : policy.authorizeRead?.(client, topic) ?? true),
  }
}
