// The development certificate: what OpenSSL (node:crypto) reads in it, a real TLS handshake with it, and its cache.
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, createServer } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadOrCreateDevCertificate } from '../../../../../electron/core/broker/config/dev-certificate-store'
import { formatFingerprint, generateSelfSignedCertificate, type SelfSignedCertificate } from '../../../../../electron/core/broker/config/self-signed'

const DAY_MS = 86_400_000

describe('generateSelfSignedCertificate', () => {
  let generated: SelfSignedCertificate
  let x509: X509Certificate
  const now = Date.now()

  beforeAll(async () => {
    generated = await generateSelfSignedCertificate({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1', '::1'], days: 365 }, now)
    x509 = new X509Certificate(generated.cert)
  })

  it('has CN=localhost and every alt name in subjectAltName', () => {
    expect(x509.subject.split('\n')).toContain('CN=localhost')
    expect(x509.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1')
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1')
  })

  it('is valid from now (less an hour of clock skew) for the given days', () => {
    expect(Date.parse(x509.validFrom)).toBeLessThanOrEqual(now)
    expect(Date.parse(x509.validTo)).toBeGreaterThan(now + 364 * DAY_MS)
    expect(Date.parse(x509.validTo)).toBeLessThanOrEqual(now + 365 * DAY_MS)
  })

  it('is a server certificate, not a CA, signed by its own key', () => {
    expect(x509.ca).toBe(false)
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1'])
    expect(x509.verify(x509.publicKey)).toBe(true)
    expect(generated.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
  })

  it('reports the SHA-256 fingerprint as AB:CD:… exactly as OpenSSL computes it', () => {
    expect(generated.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(generated.fingerprintSha256).toBe(x509.fingerprint256)
  })

  it('formatFingerprint writes uppercase hex pairs joined by colons', () => {
    expect(formatFingerprint(Uint8Array.of(0xab, 0x01, 0xff))).toBe('AB:01:FF')
  })

  it('completes a TLS handshake with a client that trusts only this certificate, for servername localhost', async () => {
    const server = createServer({ cert: generated.cert, key: generated.key }, (socket) => socket.end('hello'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const received = await new Promise<{ authorized: boolean; data: string }>((resolve, reject) => {
        const client = connect({ host: '127.0.0.1', port, ca: generated.cert, servername: 'localhost' })
        let data = ''
        client.on('data', (chunk) => (data += chunk.toString()))
        client.on('end', () => resolve({ authorized: client.authorized, data }))
        client.on('error', reject)
      })
      expect(received).toEqual({ authorized: true, data: 'hello' })
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('loadOrCreateDevCertificate', () => {
  const dirs: string[] = []
  const freshDataDir = () => {
    dirs.push(mkdtempSync(join(tmpdir(), 'topicscope-tls-')))
    return dirs.at(-1)!
  }
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

  it('makes the pair once, then returns the same fingerprint from <dataDir>/tls', async () => {
    const dataDir = freshDataDir()
    const first = await loadOrCreateDevCertificate({ dataDir })
    const second = await loadOrCreateDevCertificate({ dataDir })
    expect(first.created).toBe(true)
    expect(second).toMatchObject({ created: false, fingerprintSha256: first.fingerprintSha256, cert: first.cert, key: first.key })
    expect(first.certPath).toBe(join(dataDir, 'tls', 'dev-cert.pem'))
    expect(readFileSync(first.keyPath, 'utf8')).toBe(first.key)
    expect(second.fingerprintSha256).toBe(new X509Certificate(readFileSync(second.certPath)).fingerprint256)
  })

  it.skipIf(process.platform === 'win32')('keeps the private key readable by its owner only (mode 0600)', async () => {
    const dataDir = freshDataDir()
    const { keyPath } = await loadOrCreateDevCertificate({ dataDir })
    expect(statSync(keyPath).mode & 0o777).toBe(0o600)
  })

  it('makes a new certificate once the stored one has expired', async () => {
    const dataDir = freshDataDir()
    const today = await loadOrCreateDevCertificate({ dataDir })
    const nextYear = await loadOrCreateDevCertificate({ dataDir, now: () => Date.now() + 366 * DAY_MS })
    expect(nextYear.created).toBe(true)
    expect(nextYear.fingerprintSha256).not.toBe(today.fingerprintSha256)
    expect(nextYear.validToMs).toBeGreaterThan(today.validToMs)
  })

  it('replaces a pair whose key does not belong to the certificate', async () => {
    const dataDir = freshDataDir()
    const before = await loadOrCreateDevCertificate({ dataDir })
    const other = await generateSelfSignedCertificate()
    writeFileSync(before.keyPath, other.key)
    const after = await loadOrCreateDevCertificate({ dataDir })
    expect(after.created).toBe(true)
    expect(new X509Certificate(after.cert).checkPrivateKey(createPrivateKey(after.key))).toBe(true)
  })

  it('replaces a certificate that lacks a wanted name', async () => {
    const dataDir = freshDataDir()
    const before = await loadOrCreateDevCertificate({ dataDir })
    const wider = await loadOrCreateDevCertificate({ dataDir, certificate: { commonName: 'localhost', altNames: ['localhost', 'broker.lan'], days: 30 } })
    expect(wider.created).toBe(true)
    expect(wider.fingerprintSha256).not.toBe(before.fingerprintSha256)
    expect(new X509Certificate(wider.cert).checkHost('broker.lan')).toBe('broker.lan')
  })
})
