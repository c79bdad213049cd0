// The sentences for connection failures, from Node error codes and reason codes alone (no sockets).
import { describe, expect, it } from 'vitest'
import { describeConnackRefusal, describeServerDisconnect, describeSocketError, formatCertificate, type ConnectionTarget } from '../../../../electron/core/client/describe-connection-error'

const target: ConnectionTarget = { host: '10.0.0.5', port: 1883, servername: null, secure: false }
const nodeError = (code: string, message = code) => Object.assign(new Error(message), { code })

describe('describeSocketError', () => {
  it.each([
    ['ECONNREFUSED', 'refused', 'Nothing is listening on 10.0.0.5:1883'],
    ['ENOTFOUND', 'dns', "The host name '10.0.0.5' could not be found"],
    ['ETIMEDOUT', 'timeout', 'No answer from 10.0.0.5:1883 within 10 s'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls', 'The server certificate is self-signed and not trusted.'],
    ['CERT_HAS_EXPIRED', 'tls', 'The server certificate has expired.'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls', 'The server certificate was issued by a certificate authority that is not trusted.'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', "The server certificate is not valid for the host name '10.0.0.5'."],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls', '10.0.0.5:1883 did not answer with TLS; is this a plain (non-TLS) port?'],
  ])('%s → %s: "%s"', (code, kind, message) => {
    expect(describeSocketError(nodeError(code), target, 10)).toEqual({ kind, message })
  })

  it("MQTT.js's connack timeout is a timeout with the configured seconds", () => {
    expect(describeSocketError(new Error('connack timeout'), target, 3)).toEqual({ kind: 'timeout', message: 'No answer from 10.0.0.5:1883 within 3 s' })
  })

  it('an IPv6 address is bracketed before the port', () => {
    expect(describeSocketError(nodeError('ECONNREFUSED'), { ...target, host: '::1' }, 10).message).toBe('Nothing is listening on [::1]:1883')
  })

  it('an unknown error keeps its own message', () => {
    expect(describeSocketError(new Error('boom'), target, 10)).toEqual({ kind: 'other', message: 'The connection to 10.0.0.5:1883 failed: boom' })
  })
})

describe('reason codes by name', () => {
  it('a 3.1.1 CONNACK return code 5 is "not authorized"', () => {
    expect(describeConnackRefusal(5, 4, target)).toEqual({
      kind: 'connack', reasonCode: 5, reasonName: 'Connection Refused, not authorized',
      message: 'The broker at 10.0.0.5:1883 refused the connection: 0x05 Connection Refused, not authorized.',
    })
  })

  it("a 5.0 CONNACK carries the broker's reason string", () => {
    expect(describeConnackRefusal(0x8a, 5, target, 'too many attempts').message).toBe('The broker at 10.0.0.5:1883 refused the connection: 0x8A Banned. The broker said: "too many attempts".')
  })

  it('a DISCONNECT 0x8B is "Server shutting down"', () => {
    expect(describeServerDisconnect(0x8b, target)).toMatchObject({ kind: 'disconnect', reasonCode: 0x8b, reasonName: 'Server shutting down' })
  })
})

it('formatCertificate names subject, issuer, validity and fingerprint', () => {
  const text = formatCertificate({ subject: 'CN=a', issuer: 'CN=b', validFrom: 'Jan 1 2025', validTo: 'Jan 1 2026', fingerprint256: 'AB:CD' })
  expect(text).toBe('Server certificate: CN=a, issued by CN=b, valid from Jan 1 2025 to Jan 1 2026, SHA-256 fingerprint AB:CD.')
})
