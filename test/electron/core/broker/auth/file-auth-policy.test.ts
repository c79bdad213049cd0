// The file-based BrokerPolicy: CONNECT outcomes (anonymous, password file, certificate identity) and
// publish / read / subscribe decisions with and without an ACL file, all answered synchronously.
import { describe, expect, it } from 'vitest'
import type { AuthRequest, AuthResult, ClientInfo } from '../../../../../electron/core/broker/hooks'
import { parseAclFile } from '../../../../../electron/core/broker/auth/acl-file'
import { createFileAuthPolicy, type FileAuthPolicyOptions } from '../../../../../electron/core/broker/auth/file-auth-policy'
import { hashPassword, parsePasswordFile } from '../../../../../electron/core/broker/auth/password-file'

const PASSWORDS = parsePasswordFile(`alice:${hashPassword('wonderland')}\nbob:${hashPassword('builder')}\n`, 'pw').users
const ACL = parseAclFile('topic read public/#\nuser alice\ntopic read sensors/#\ntopic write sensors/alice\n', 'acl').acl

const BAD: AuthResult = { ok: false, reasonCode: 0x86, reason: 'Bad user name or password' }
const ANONYMOUS_OFF: AuthResult = { ok: false, reasonCode: 0x87, reason: 'Anonymous access is disabled' }

function request(username: string | null, password: string | null, cn: string | null = null): AuthRequest {
  return {
    clientId: 'c1', username, password: password === null ? null : Buffer.from(password), address: '127.0.0.1:50000',
    listener: 'tcp 127.0.0.1:1883', certificateCommonName: cn, protocolVersion: 5,
  }
}

function client(username: string | null, clientId = 'c1'): ClientInfo {
  return { clientId, username, address: '127.0.0.1:50000', protocolVersion: 5, listener: 'tcp 127.0.0.1:1883', certificateCommonName: null }
}

function authenticate(opts: FileAuthPolicyOptions, req: AuthRequest): AuthResult {
  const result = createFileAuthPolicy(opts).authenticate?.(req)
  expect(result).not.toBeInstanceOf(Promise) // the broker's hot path relies on plain answers
  return result as AuthResult
}

describe('createFileAuthPolicy: authenticate', () => {
  const withFile = (allowAnonymous: boolean): FileAuthPolicyOptions => ({ allowAnonymous, passwords: PASSWORDS, acl: null })
  const noFile = (allowAnonymous: boolean): FileAuthPolicyOptions => ({ allowAnonymous, passwords: null, acl: null })

  it.each<[string, FileAuthPolicyOptions, AuthRequest, AuthResult]>([
    ['no user name, anonymous off', withFile(false), request(null, null), ANONYMOUS_OFF],
    ['no user name, anonymous off, no password file', noFile(false), request(null, null), ANONYMOUS_OFF],
    ['no user name, anonymous on', withFile(true), request(null, null), { ok: true, username: null }],
    ['right password', withFile(false), request('alice', 'wonderland'), { ok: true, username: 'alice' }],
    ['wrong password', withFile(false), request('alice', 'builder'), BAD],
    ['unknown user', withFile(false), request('mallory', 'wonderland'), BAD],
    ['user name without a password', withFile(false), request('alice', null), BAD],
    ['unknown user while anonymous is on (the file still decides)', withFile(true), request('mallory', 'x'), BAD],
    ['user name, no password file, anonymous on', noFile(true), request('mallory', null), { ok: true, username: 'mallory' }],
    ['user name, no password file, anonymous off', noFile(false), request('mallory', 'x'), BAD],
  ])('%s', (_name, opts, req, expected) => {
    expect(authenticate(opts, req)).toEqual(expected)
  })

  it('answers an unknown user exactly as a wrong password, so user names cannot be probed', () => {
    const opts = withFile(false)
    expect(authenticate(opts, request('mallory', 'x'))).toEqual(authenticate(opts, request('alice', 'x')))
  })

  it('accepts the certificate CN as the user name without a password when useIdentityAsUsername is set', () => {
    const opts: FileAuthPolicyOptions = { ...withFile(false), useIdentityAsUsername: true }
    expect(authenticate(opts, request(null, null, 'sensor-17'))).toEqual({ ok: true, username: 'sensor-17' })
    expect(authenticate(opts, request('alice', 'wrong', 'sensor-17'))).toEqual({ ok: true, username: 'sensor-17' })
  })

  it('refuses a client without a certificate CN when useIdentityAsUsername is set', () => {
    const opts: FileAuthPolicyOptions = { ...withFile(true), useIdentityAsUsername: true }
    expect(authenticate(opts, request('alice', 'wonderland'))).toMatchObject({ ok: false, reasonCode: 0x86 })
  })
})

describe('createFileAuthPolicy: authorize', () => {
  const policy = createFileAuthPolicy({ allowAnonymous: true, passwords: null, acl: ACL })
  const open = createFileAuthPolicy({ allowAnonymous: true, passwords: null, acl: null })

  it.each([
    ['alice', 'sensors/alice', true],
    ['alice', 'sensors/kitchen', false],
    [null, 'public/news', false],
  ] as const)('publish: %s → %s is %s', (username, topic, allowed) => {
    expect(policy.authorizePublish?.(client(username), topic)).toBe(allowed)
  })

  it.each([
    ['alice', 'sensors/kitchen', true],
    ['alice', 'public/news', false],
    [null, 'public/news', true],
    [null, 'sensors/kitchen', false],
  ] as const)('read (per delivered message): %s ← %s is %s', (username, topic, allowed) => {
    expect(policy.authorizeRead?.(client(username), topic)).toBe(allowed)
  })

  it('grants a broad SUBSCRIBE that reaches readable topics, leaving each delivery to authorizeRead', () => {
    expect(policy.authorizeSubscribe?.(client('alice'), '#')).toBe(true)
    expect(policy.authorizeRead?.(client('alice'), 'other/topic')).toBe(false)
  })

  it.each([
    ['sensors/+/temp', true],
    ['sensors/#', true],
    ['#', true],
    ['public/#', false],
  ])('alice may subscribe to %s: %s (refused only when nothing under it is readable)', (filter, allowed) => {
    expect(policy.authorizeSubscribe?.(client('alice'), filter)).toBe(allowed)
  })

  it('allows everything without an ACL file except what mosquitto refuses to everyone', () => {
    expect(open.authorizePublish?.(client(null), 'any/topic')).toBe(true)
    expect(open.authorizeRead?.(client(null), '$SYS/broker/uptime')).toBe(true)
    expect(open.authorizeSubscribe?.(client(null), '#')).toBe(true)
    expect(open.authorizePublish?.(client(null), '$SYS/broker/uptime')).toBe(false)
  })
})
