// mosquitto's ACL file (`user`, `topic`, `pattern` lines) and the access check mosquitto 2 runs on it.
// Pure data and string matching: no files, no sockets, no caching (the caller owns the Acl's lifetime).
import { checkTopicFilter, filtersOverlap, matchesFilter, parseSharedFilter, SHARED_PREFIX } from '../../../../shared/mqtt/topic'

/** The access word of a `topic` or `pattern` line; a line without one grants `readwrite`. */
export type AclAccess = 'read' | 'write' | 'readwrite' | 'deny'

/** One `topic` or `pattern` line. */
export interface AclRule {
  access: AclAccess
  /** As written; a pattern's `%c` and `%u` are substituted when checking. */
  topic: string
  /** 1-based line in the file, so a decision can be explained. */
  line: number
}

/** A parsed ACL file. An empty one denies everything, as in mosquitto once `acl_file` is set. */
export interface Acl {
  /** `topic` lines before the first `user` line: they apply to clients without a user name. */
  anonymous: AclRule[]
  /** `topic` lines per user; repeated `user` sections for one name are merged, as mosquitto does. */
  users: Map<string, AclRule[]>
  /** `pattern` lines, wherever they appear: they apply to every client. */
  patterns: AclRule[]
}

/** What a client is, for an ACL check. */
export interface AclSubject {
  username: string | null
  clientId: string
}

/** `read` a delivered topic name, `write` a published one, `subscribe` with a topic filter. */
export type AclCheck = 'read' | 'write' | 'subscribe'

/**
 * Parses an ACL file as mosquitto 2 does: trailing blanks dropped, '#' in the first column starts a
 * comment, words split on spaces (not tabs), and a topic is the rest of the line, so it may contain
 * spaces. A lone word after `topic`/`pattern` is the topic, with readwrite access, even when that word
 * is `read` (mosquitto's rule too). mosquitto refuses to start on any bad line; here each bad line is
 * reported and skipped, and the `topic` lines under a bad `user` line are dropped with it, so they can
 * never land in the previous user's section.
 */
export function parseAclFile(text: string, fileName: string): { acl: Acl; errors: Array<{ line: number; message: string }> } {
  const acl: Acl = { anonymous: [], users: new Map(), patterns: [] }
  const errors: Array<{ line: number; message: string }> = []
  let section: AclRule[] | null = acl.anonymous
  const lines = stripBom(text).split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1
    const report = (message: string) => errors.push({ line, message: `${fileName} line ${line}: ${message}` })
    const content = (lines[i] as string).trimEnd()
    if (content.startsWith('#')) continue
    const words = content.replace(/^ +/, '')
    if (words === '') continue
    const space = words.indexOf(' ')
    const directive = space === -1 ? words : words.slice(0, space)
    const rest = space === -1 ? '' : words.slice(space + 1)
    if (directive === 'user') {
      const username = rest.trim()
      if (username === '') {
        report("'user' needs a user name; the topic lines that follow are ignored until the next 'user' line")
        section = null
        continue
      }
      section = acl.users.get(username) ?? []
      acl.users.set(username, section)
    } else if (directive === 'topic' || directive === 'pattern') {
      const rule = parseRule(rest.replace(/^ +/, ''), line)
      if (typeof rule === 'string') report(rule)
      else if (directive === 'pattern') acl.patterns.push(rule)
      else if (section !== null) section.push(rule)
    } else if (directive.startsWith('#')) {
      report("a comment must start in the first column (mosquitto rejects an indented '#')")
    } else {
      const hint = directive.includes('\t') ? ' (separate words with spaces: mosquitto does not split on tabs)' : ''
      report(`unknown directive '${directive}'${hint}; expected user, topic or pattern`)
    }
  }
  return { acl, errors }
}

/**
 * Whether a client may read, write or subscribe, with mosquitto 2's rules for the ACL file:
 * 1. the broker-wide `$` rules of {@link checkDollarTopic};
 * 2. the client's own section (its user's, or the anonymous one when it has no user name): a matching
 *    `deny` refuses, else a matching rule granting the access allows;
 * 3. patterns, only if step 2 decided nothing: a user name or client id containing '+' or '#' refuses
 *    outright; a pattern needing a value that is empty or contains '/' does not match (mosquitto 2.1's
 *    level-wise substitution; 2.0 would let a client id `a/b` into `a`'s `clients/a/#`); then denies
 *    refuse and grants allow as in step 2;
 * 4. nothing matched: refused.
 * Rules match as subscriptions match topics, and an ACL topic matches a `$` topic only if it starts with
 * `$` too. For `subscribe`, a deny rule refuses when it covers every topic the filter can match
 * (filterWithinAcl), and a grant allows when it shares at least one topic with the filter
 * (filtersOverlap): `topic read sensors/#` allows `sensors/+/temp` and `#` (whose deliveries are then
 * read-checked one by one, as mosquitto does) but not `secrets/#`, which no rule lets the client read.
 * mosquitto's ACL file never refuses a SUBSCRIBE; refusing those that can never deliver anything tells
 * the user at once (SUBACK 0x87) instead of leaving a silent subscription.
 */
export function checkAcl(acl: Acl, who: AclSubject, topic: string, access: AclCheck): boolean {
  const decision = judge(acl, who, topic, access)
  return typeof decision !== 'string' && decision.access !== 'deny'
}

/** Why a check came out as it did, for the console's tester. */
export type AclVerdict =
  | { allowed: boolean; reason: 'rule'; rule: AclRule }
  | { allowed: false; reason: 'dollar-topic' | 'no-matching-rule' | 'wildcard-identity'; rule: null }

/** checkAcl's decision with the rule that made it (or the reason no rule could). */
export function explainAcl(acl: Acl, who: AclSubject, topic: string, access: AclCheck): AclVerdict {
  const decision = judge(acl, who, topic, access)
  if (typeof decision === 'string') return { allowed: false, reason: decision, rule: null }
  return { allowed: decision.access !== 'deny', reason: 'rule', rule: decision }
}

/** The deciding rule, or why none decided; no allocation, since the broker runs it on every PUBLISH. */
function judge(acl: Acl, who: AclSubject, topic: string, access: AclCheck): AclRule | 'dollar-topic' | 'no-matching-rule' | 'wildcard-identity' {
  if (!checkDollarTopic(topic, access)) return 'dollar-topic'
  let target = topic
  if (access === 'subscribe') target = parseSharedFilter(topic)?.filter ?? topic // deliveries match the inner filter
  // A subscription is refused when a deny rule covers all of it, or when no grant reaches any topic it
  // can match; otherwise it is granted and each delivery is read-checked (mosquitto filters deliveries).
  const denies = access === 'subscribe' ? filterWithinAcl : matchesFilter
  const grants = access === 'subscribe' ? filtersOverlap : matchesFilter
  const own = who.username === null ? acl.anonymous : acl.users.get(who.username)
  if (own !== undefined) {
    const decision = decide(own, access, (rule) => denies(rule.topic, target), (rule) => grants(rule.topic, target))
    if (decision !== null) return decision
  }
  if (acl.patterns.length === 0) return 'no-matching-rule'
  // src/security_default.c: "a malicious client may configure its username/client id to bypass ACL checks".
  if (hasWildcard(who.clientId) || (who.username !== null && hasWildcard(who.username))) return 'wildcard-identity'
  const pattern = (match: (aclTopic: string, t: string) => boolean) => (rule: AclRule) => {
    const aclTopic = substitute(rule.topic, who)
    return aclTopic !== null && match(aclTopic, target)
  }
  return decide(acl.patterns, access, pattern(denies), pattern(grants)) ?? 'no-matching-rule'
}

/**
 * mosquitto's broker-wide `$` rules (src/security.c, acl__check_dollar), applied with or without an ACL
 * file: clients may not publish to `$SYS…` (except a bridge's `$SYS/broker/connection/+/state`), and
 * `$share…` is only ever a subscription, never a topic to publish to or receive from.
 */
export function checkDollarTopic(topic: string, access: AclCheck): boolean {
  if (topic.startsWith('$SYS')) return access !== 'write' || matchesFilter('$SYS/broker/connection/+/state', topic)
  if (topic.startsWith('$share')) return access === 'subscribe'
  return true
}

/**
 * Whether every topic `filter` can match is also matched by `aclTopic` (both may hold wildcards), as
 * mosquitto 2.1's sub_matches_acl decides: '#' covers anything from its level on (and the parent level:
 * `a/#` covers `a`), '+' covers any one level or '+' but not '#', a literal covers only itself.
 */
export function filterWithinAcl(aclTopic: string, filter: string): boolean {
  if (aclTopic.startsWith('$') !== filter.startsWith('$')) return false
  const a = aclTopic.split('/')
  const f = filter.split('/')
  for (let i = 0; i < a.length; i++) {
    const level = a[i] as string
    if (level === '#') return true
    if (i >= f.length) return false
    const wanted = f[i] as string
    if (level === '+' ? wanted === '#' : wanted !== level) return false
  }
  return a.length === f.length
}

/** Parses what follows `topic` or `pattern`. @returns the rule, or a sentence saying what is wrong. */
function parseRule(rest: string, line: number): AclRule | string {
  if (rest === '') return 'missing topic'
  const space = rest.indexOf(' ')
  let access: AclAccess = 'readwrite'
  let topic = rest
  if (space !== -1) {
    const word = rest.slice(0, space)
    if (word !== 'read' && word !== 'write' && word !== 'readwrite' && word !== 'deny') {
      return `unknown access '${word}' (expected read, write, readwrite or deny before a topic)`
    }
    access = word
    topic = rest.slice(space + 1).trim()
  }
  // mosquitto validates ACL topics as plain filters: '$share/' means nothing special in an ACL.
  const problem = checkTopicFilter(topic.startsWith(SHARED_PREFIX) ? `x${topic.slice(SHARED_PREFIX.length - 1)}` : topic)
  if (problem !== null) return `invalid topic '${topic}': ${problem}`
  return { access, topic, line }
}

/** Denies first (mosquitto puts them at the front of each list), then grants. null: no rule matched. */
/** The first deny rule that covers the check, else the first grant, else null. */
function decide(rules: AclRule[], access: AclCheck, denied: (rule: AclRule) => boolean, granted: (rule: AclRule) => boolean): AclRule | null {
  for (const rule of rules) if (rule.access === 'deny' && denied(rule)) return rule
  for (const rule of rules) if (grants(rule.access, access) && granted(rule)) return rule
  return null
}

function grants(rule: AclAccess, access: AclCheck): boolean {
  if (rule === 'readwrite') return true
  if (rule === 'read') return access === 'read' || access === 'subscribe'
  return rule === 'write' && access === 'write'
}

/** Replaces `%c` and `%u` in one pass. null: the pattern cannot match this client. */
function substitute(pattern: string, who: AclSubject): string | null {
  let usable = true
  const result = pattern.replace(/%[cu]/g, (token) => {
    const value = token === '%c' ? who.clientId : who.username
    // A pattern naming %u never matches a client without a user name (mosquitto skips it); an empty
    // value or one spanning levels would match someone else's place in the tree (mosquitto 2.1).
    if (value === null || value === '' || value.includes('/')) usable = false
    return value ?? ''
  })
  return usable ? result : null
}

/** Windows editors may start a file with U+FEFF; mosquitto would read it as part of the first word. */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

function hasWildcard(value: string): boolean {
  return value.includes('+') || value.includes('#')
}
