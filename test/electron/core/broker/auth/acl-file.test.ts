// mosquitto ACL files: parsing (sections, access words, topics with spaces, bad lines) and checkAcl's
// decisions, table by table: sections, anonymous, patterns, deny precedence, $SYS, subscribe filters.
import { describe, expect, it } from 'vitest'
import {
  checkAcl, checkDollarTopic, filterWithinAcl, parseAclFile, type Acl, type AclCheck,
} from '../../../../../electron/core/broker/auth/acl-file'

const ACL_TEXT = `# Topicscope test ACL
topic read public/#
topic write anon/in

user alice
topic read sensors/#
topic write sensors/alice/#
topic deny sensors/secret
topic readwrite shared/topic with spaces
topic write clients/shared/locked

user bob
topic sensors/bob
topic read $SYS/#

user carol
topic readwrite #

user dave
topic readwrite $SYS/#

pattern readwrite clients/%c/#
pattern read users/%u/inbox
pattern deny clients/%c/locked
pattern read news/#
`

function parsed(text: string): Acl {
  const { acl, errors } = parseAclFile(text, 'acl.conf')
  expect(errors).toEqual([])
  return acl
}
const ACL = parsed(ACL_TEXT)

type Row = [username: string | null, clientId: string, access: AclCheck, topic: string, allowed: boolean]
const check = ([username, clientId, access, topic]: Row) => checkAcl(ACL, { username, clientId }, topic, access)

describe('checkAcl', () => {
  it.each<Row>([
    [null, 'anon1', 'read', 'public/weather', true],
    [null, 'anon1', 'write', 'public/weather', false],
    [null, 'anon1', 'write', 'anon/in', true],
    [null, 'anon1', 'read', 'anon/in', false],
    ['alice', 'a1', 'read', 'public/weather', false], // the anonymous section is for clients without a user name
    ['mallory', 'm1', 'read', 'public/weather', false], // a user without a section gets patterns only
  ])('anonymous section: %s/%s %s %s → %s', (...row) => {
    expect(check(row)).toBe(row[4])
  })

  it.each<Row>([
    ['alice', 'a1', 'read', 'sensors/kitchen/temp', true],
    ['alice', 'a1', 'write', 'sensors/kitchen/temp', false], // read only
    ['alice', 'a1', 'write', 'sensors/alice/temp', true],
    ['alice', 'a1', 'read', 'sensors/alice/temp', true], // sensors/# grants the read
    ['alice', 'a1', 'read', 'sensors', true], // 'sensors/#' matches its parent level
    ['alice', 'a1', 'read', 'shared/topic with spaces', true],
    ['alice', 'a1', 'write', 'shared/topic with spaces', true],
    ['bob', 'b1', 'read', 'sensors/bob', true], // no access word: readwrite
    ['bob', 'b1', 'write', 'sensors/bob', true],
    ['bob', 'b1', 'read', 'sensors/kitchen/temp', false], // alice's rules are not bob's
  ])('user sections: %s/%s %s %s → %s', (...row) => {
    expect(check(row)).toBe(row[4])
  })

  it.each<Row>([
    ['alice', 'a1', 'read', 'sensors/secret', false], // deny beats the earlier 'topic read sensors/#'
    ['alice', 'a1', 'read', 'sensors/secret/more', true], // deny is exact here: no wildcard
    ['alice', 'shared', 'write', 'clients/shared/locked', true], // a user grant decides before pattern denies
    ['bob', 'shared', 'write', 'clients/shared/locked', false], // pattern deny beats pattern grant
    ['bob', 'shared', 'write', 'clients/shared/open', true],
  ])('deny precedence: %s/%s %s %s → %s', (...row) => {
    expect(check(row)).toBe(row[4])
  })

  it.each<Row>([
    [null, 'c1', 'write', 'clients/c1/status', true],
    [null, 'c1', 'read', 'clients/c1', true],
    [null, 'c1', 'write', 'clients/c2/status', false],
    ['alice', 'alice-phone', 'read', 'users/alice/inbox', true],
    ['alice', 'alice-phone', 'write', 'users/alice/inbox', false],
    ['alice', 'alice-phone', 'read', 'users/bob/inbox', false],
    [null, 'anon', 'read', 'users//inbox', false], // %u never matches a client without a user name
    ['', 'c1', 'read', 'users//inbox', false], // nor an empty user name (mosquitto 2.1)
    [null, 'c1', 'read', 'news/today', true], // a pattern without %c/%u applies to everyone
  ])('patterns %%u/%%c: %s/%s %s %s → %s', (...row) => {
    expect(check(row)).toBe(row[4])
  })

  it.each<Row>([
    [null, 'a/b', 'write', 'clients/a/b/x', false], // would reach into client 'a''s subtree
    [null, 'a', 'write', 'clients/a/b/x', true], // ...which belongs to client 'a'
    ['x/y', 'c1', 'read', 'users/x/y/inbox', false],
    [null, 'c+', 'read', 'news/today', false], // '+' or '#' in a client id refuses every pattern outright
    ['ev#l', 'c1', 'read', 'news/today', false],
    ['ev#l', 'c1', 'write', 'clients/c1/x', false],
    ['carol', 'c+', 'read', 'news/today', true], // ...but only once the user's own section has not decided
  ])('substituted values with / + #: %s/%s %s %s → %s', (...row) => {
    expect(check(row)).toBe(row[4])
  })

  it.each<Row>([
    ['carol', 'c1', 'read', 'a/b', true],
    ['carol', 'c1', 'read', '$SYS/broker/uptime', false], // '#' never matches a '$' topic
    ['carol', 'c1', 'read', '$other/x', false],
    ['bob', 'b1', 'read', '$SYS/broker/uptime', true],
    ['bob', 'b1', 'write', '$SYS/broker/uptime', false],
    ['dave', 'd1', 'read', '$SYS/broker/uptime', true],
    ['dave', 'd1', 'write', '$SYS/broker/uptime', false], // nobody publishes to $SYS…
    ['dave', 'd1', 'write', '$SYS/broker/connection/bridge1/state', true], // …except bridge state
    ['carol', 'c1', 'write', '$share/g/a', false], // $share is only ever a subscription
  ])('$ topics: %s/%s %s %s → %s', (...row) => {
    expect(check(row)).toBe(row[4])
  })

  it.each<Row>([
    ['alice', 'a1', 'subscribe', 'sensors/#', true],
    ['alice', 'a1', 'subscribe', 'sensors/+/temp', true],
    ['alice', 'a1', 'subscribe', 'sensors', true],
    ['alice', 'a1', 'subscribe', '#', true], // reaches sensors/#; other deliveries are read-checked away
    ['alice', 'a1', 'subscribe', '+/temp', true], // overlaps sensors/... only through its deliveries
    ['alice', 'a1', 'subscribe', 'kitchen/#', false], // nothing under it is readable
    ['alice', 'a1', 'subscribe', 'sensors/secret', false], // inside a deny
    ['alice', 'a1', 'subscribe', 'sensors/+', true], // overlaps the deny; each delivery is read-checked
    ['alice', 'a1', 'subscribe', '$share/g/sensors/#', true], // judged by the filter that is delivered
    ['alice', 'a1', 'subscribe', '$share/g/#', true],
    ['alice', 'a1', 'subscribe', '$share/g/kitchen/#', false],
    [null, 'anon1', 'subscribe', 'anon/in', false], // write access does not let you subscribe
    [null, 'anon1', 'subscribe', 'public/+/x', true],
    ['carol', 'c1', 'subscribe', '#', true],
    ['carol', 'c1', 'subscribe', '+/#', true],
    ['carol', 'c1', 'subscribe', '$SYS/#', false],
    ['bob', 'b1', 'subscribe', '$SYS/broker/#', true],
    ['bob', 'b1', 'subscribe', '$SYS/#', true],
    [null, 'c1', 'subscribe', 'clients/c1/#', true],
    [null, 'c1', 'subscribe', 'clients/+/status', true], // overlaps clients/c1/#
    [null, 'c1', 'subscribe', 'clients/c2/#', false],
  ])('subscribe filters: %s/%s %s %s → %s', (...row) => {
    expect(check(row)).toBe(row[4])
  })

  it('denies everything with an empty ACL file, as mosquitto does once acl_file is set', () => {
    const empty = parsed('# nothing yet\n')
    expect(checkAcl(empty, { username: null, clientId: 'c' }, 'a', 'read')).toBe(false)
    expect(checkAcl(empty, { username: 'u', clientId: 'c' }, 'a', 'write')).toBe(false)
  })
})

describe('filterWithinAcl', () => {
  it.each([
    ['sensors/#', 'sensors/+/temp', true],
    ['sensors/#', 'sensors', true],
    ['sensors/#', '#', false],
    ['+/#', 'a', true],
    ['+', '+', true],
    ['+', '#', false], // '+' does not cover '#'
    ['a/+', 'a/', true],
    ['a/+/c', 'a/#', false],
    ['a/b', 'a/+', false],
    ['#', '$SYS/#', false],
    ['$SYS/#', '$SYS/broker/#', true],
    ['$SYS/broker/uptime', '$SYS/broker/#', false],
  ])('ACL %j covers %j: %s', (acl, filter, expected) => {
    expect(filterWithinAcl(acl, filter)).toBe(expected)
  })
})

describe('checkDollarTopic', () => {
  it.each([
    ['$SYS/broker/uptime', 'write', false],
    ['$SYSX', 'write', false], // mosquitto compares the first four characters only
    ['$SYS/broker/uptime', 'read', true],
    ['$share/g/a', 'read', false],
    ['$share/g/a', 'subscribe', true],
    ['$other/x', 'write', true],
  ] as const)('%s %s → %s', (topic, access, expected) => {
    expect(checkDollarTopic(topic, access)).toBe(expected)
  })
})

describe('parseAclFile', () => {
  it('reads sections, merges repeated users and collects patterns from anywhere', () => {
    const acl = parsed('user a\ntopic read x\npattern write p/%c\nuser b\ntopic y\nuser a\ntopic deny z\n')
    expect(acl.users.get('a')).toEqual([
      { access: 'read', topic: 'x', line: 2 },
      { access: 'deny', topic: 'z', line: 7 },
    ])
    expect(acl.users.get('b')).toEqual([{ access: 'readwrite', topic: 'y', line: 5 }])
    expect(acl.patterns).toEqual([{ access: 'write', topic: 'p/%c', line: 3 }])
    expect(acl.anonymous).toEqual([])
  })

  it.each([
    ['topic read', { access: 'readwrite', topic: 'read' }], // a lone word is the topic (mosquitto's rule)
    ['topic   write    a b  ', { access: 'write', topic: 'a b' }],
    ['  topic deny x/+/y', { access: 'deny', topic: 'x/+/y' }],
    ['topic read my topic/with spaces/#', { access: 'read', topic: 'my topic/with spaces/#' }],
    ['topic read $share/#', { access: 'read', topic: '$share/#' }], // a plain filter in an ACL
    ['topic readwrite a\r', { access: 'readwrite', topic: 'a' }],
  ])('reads %j', (line, rule) => {
    expect(parsed(line).anonymous).toEqual([{ ...rule, line: 1 }])
  })

  it('reports bad lines with their numbers and skips them', () => {
    const text = [
      'topic read ok', // 1
      'topics read x', // 2
      '  # indented', // 3
      'topic\tread\tx', // 4
      'topic', // 5
      'topic rw a/b', // 6
      'topic read a/#/b', // 7
      'User bob', // 8
    ].join('\n')
    const { acl, errors } = parseAclFile(text, 'acl.conf')
    expect(acl.anonymous).toEqual([{ access: 'read', topic: 'ok', line: 1 }])
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8])
    expect(errors[0]?.message).toBe("acl.conf line 2: unknown directive 'topics'; expected user, topic or pattern")
    expect(errors[1]?.message).toContain('a comment must start in the first column')
    expect(errors[2]?.message).toContain('does not split on tabs')
    expect(errors[3]?.message).toBe('acl.conf line 5: missing topic')
    expect(errors[4]?.message).toContain("unknown access 'rw'")
    expect(errors[5]?.message).toContain("invalid topic 'a/#/b'")
  })

  it('ignores a byte order mark at the start of the file', () => {
    expect(parsed('\uFEFFuser alice\ntopic read a').users.get('alice')).toHaveLength(1)
  })

  it("drops the topic lines under a bad 'user' line instead of giving them to the previous user", () => {
    const { acl, errors } = parseAclFile('user alice\ntopic read a\nuser \ntopic readwrite #\nuser bob\ntopic b', 'acl')
    expect(errors.map((e) => e.line)).toEqual([3])
    expect(acl.users.get('alice')).toEqual([{ access: 'read', topic: 'a', line: 2 }])
    expect(acl.users.get('bob')).toEqual([{ access: 'readwrite', topic: 'b', line: 6 }])
    expect(acl.anonymous).toEqual([])
  })
})
