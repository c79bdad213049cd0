// Makes a self-signed development certificate for the broker's TLS listener in pure JavaScript (WebCrypto +
// @peculiar/x509): no native module and no openssl binary, so it works on Windows too. Stores nothing;
// dev-certificate-store.ts keeps it in the data folder.
import { createHash, KeyObject, randomBytes, webcrypto } from 'node:crypto'
import { isIP } from 'node:net'

/** What the certificate is for. */
export interface SelfSignedOptions {
  /** Subject CN. */
  commonName: string
  /** Host names and IP addresses (v4 or v6) clients may connect to; they go into subjectAltName. */
  altNames: readonly string[]
  /** Validity from now. */
  days: number
}

/** A generated certificate with its key, as PEM text ready for node:tls. */
export interface SelfSignedCertificate {
  /** PEM certificate. */
  cert: string
  /** PEM private key (PKCS#8, unencrypted). */
  key: string
  /** SHA-256 of the DER certificate as uppercase hex pairs joined by ':' (the form clients pin, and openssl prints). */
  fingerprintSha256: string
}

/** What `topicscope broker --tls-self-signed` asks for: a certificate for this machine. */
export const DEV_CERTIFICATE_OPTIONS: SelfSignedOptions = { commonName: 'localhost', altNames: ['localhost', '127.0.0.1', '::1'], days: 365 }

const DAY_MS = 86_400_000
/** notBefore is set this far in the past, so a client whose clock is a little behind still accepts the certificate. */
const CLOCK_SKEW_MS = 3_600_000
/** RSA rather than ECDSA: small MQTT clients (older mbedTLS and BearSSL builds) accept it everywhere. */
const KEY_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
const SERIAL_NUMBER_BYTES = 16 // RFC 5280 §4.1.2.2: positive, at most 20 octets; random so no two certificates share one

type X509Module = typeof import('@peculiar/x509')
// The library is typed against the DOM's WebCrypto types, which differ slightly from Node's (KeyUsage
// lists differ), so Node's objects are passed through these aliases. At run time they are the same objects.
type LibCrypto = NonNullable<Parameters<X509Module['X509CertificateGenerator']['createSelfSigned']>[1]>
type LibKeyPair = Parameters<X509Module['X509CertificateGenerator']['createSelfSigned']>[0]['keys']
let x509Module: Promise<X509Module> | null = null

/**
 * Loaded on first use: the library is large and only `--tls-self-signed` needs it. @peculiar/x509 2.x needs a
 * Reflect metadata polyfill loaded before it (its dependency tsyringe checks for one at import).
 */
function loadX509(): Promise<X509Module> {
  x509Module ??= (async () => {
    await import('reflect-metadata')
    const x509 = await import('@peculiar/x509')
    x509.cryptoProvider.set(webcrypto as unknown as LibCrypto)
    return x509
  })()
  return x509Module
}

/**
 * Generates a key pair and a self-signed server certificate: CA false, key usage for TLS server
 * authentication, every alt name in subjectAltName (IP addresses as iPAddress entries).
 */
export async function generateSelfSignedCertificate(opts: SelfSignedOptions = DEV_CERTIFICATE_OPTIONS, now: number = Date.now()): Promise<SelfSignedCertificate> {
  const x509 = await loadX509()
  const nodeKeys = (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const keys = nodeKeys as unknown as LibKeyPair
  const serial = randomBytes(SERIAL_NUMBER_BYTES)
  serial[0]! &= 0x7f // positive INTEGER
  serial[0]! |= 0x01 // and no leading zero octet to strip
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: [{ CN: [opts.commonName] }, { O: ['Topicscope development certificate'] }],
    notBefore: new Date(now - CLOCK_SKEW_MS),
    notAfter: new Date(now + opts.days * DAY_MS),
    keys,
    signingAlgorithm: KEY_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(opts.altNames.map((value) => ({ type: isIP(value) === 0 ? ('dns' as const) : ('ip' as const), value }))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  })
  const der = new Uint8Array(certificate.rawData)
  return {
    cert: `${certificate.toString('pem')}\n`,
    key: KeyObject.from(nodeKeys.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string,
    fingerprintSha256: formatFingerprint(createHash('sha256').update(der).digest()),
  }
}

/** AB:CD:… from raw digest bytes. */
export function formatFingerprint(digest: Uint8Array): string {
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':')
}
