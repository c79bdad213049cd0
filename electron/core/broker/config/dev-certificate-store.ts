// Keeps the development certificate in <dataDir>/tls, so its fingerprint (which users pin) survives restarts.
// Makes a new one only when the pair is missing, unusable, expired or about to expire, or lacks a wanted name.
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { chmod, mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isIP } from 'node:net'
import { writeFileAtomic } from '../../support/atomic-write'
import { DEV_CERTIFICATE_OPTIONS, generateSelfSignedCertificate, type SelfSignedCertificate, type SelfSignedOptions } from './self-signed'

/** File names inside <dataDir>/tls; users may hand dev-cert.pem to clients as their CA. */
export const DEV_CERT_FILE = 'dev-cert.pem'
export const DEV_KEY_FILE = 'dev-key.pem'

/** A certificate this close to expiry is replaced at start-up, so a broker started today keeps a valid one for a while. */
export const RENEW_BEFORE_EXPIRY_MS = 86_400_000
const KEY_FILE_MODE = 0o600 // the private key: owner only
const CERT_FILE_MODE = 0o644
const TLS_DIR_MODE = 0o700

/** The development certificate with where it is kept and whether this call made it. */
export interface StoredDevCertificate extends SelfSignedCertificate {
  certPath: string
  keyPath: string
  /** Epoch ms after which clients refuse the certificate. */
  validToMs: number
  /** True when it was made by this call (the fingerprint changed), false when read back. */
  created: boolean
}

/** Where to keep the certificate, what it must cover, and the clock. */
export interface DevCertificateStoreOptions {
  /** The data folder; the files go into its `tls` subfolder. */
  dataDir: string
  /** Defaults to DEV_CERTIFICATE_OPTIONS. */
  certificate?: SelfSignedOptions
  /** Injected clock (epoch ms) for expiry checks and new certificates. */
  now?: () => number
}

/** Returns the cached development certificate, or makes, stores (key mode 0600) and returns a new one. */
export async function loadOrCreateDevCertificate(opts: DevCertificateStoreOptions): Promise<StoredDevCertificate> {
  const wanted = opts.certificate ?? DEV_CERTIFICATE_OPTIONS
  const now = (opts.now ?? Date.now)()
  const dir = join(opts.dataDir, 'tls')
  const certPath = join(dir, DEV_CERT_FILE)
  const keyPath = join(dir, DEV_KEY_FILE)

  const stored = await readPair(certPath, keyPath)
  const reusable = stored === null ? null : inspect(stored.cert, stored.key, wanted, now)
  if (stored !== null && reusable !== null) {
    await chmod(keyPath, KEY_FILE_MODE).catch(() => undefined) // tighten a key someone copied in with wider rights
    return { ...stored, ...reusable, certPath, keyPath, created: false }
  }

  const fresh = await generateSelfSignedCertificate(wanted, now)
  await mkdir(dir, { recursive: true, mode: TLS_DIR_MODE })
  // Key first: a crash between the two writes leaves a pair that does not match, which the next start replaces.
  await writeFileAtomic(keyPath, fresh.key, KEY_FILE_MODE)
  await writeFileAtomic(certPath, fresh.cert, CERT_FILE_MODE)
  return { ...fresh, certPath, keyPath, validToMs: Date.parse(new X509Certificate(fresh.cert).validTo), created: true }
}

async function readPair(certPath: string, keyPath: string): Promise<{ cert: string; key: string } | null> {
  try {
    return { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') }
  } catch {
    return null // missing or unreadable: make a new pair
  }
}

/** The fingerprint and expiry of a stored pair that can be used as is, or null. */
function inspect(cert: string, key: string, wanted: SelfSignedOptions, now: number): { fingerprintSha256: string; validToMs: number } | null {
  try {
    const x509 = new X509Certificate(cert)
    const validToMs = Date.parse(x509.validTo)
    const valid = Date.parse(x509.validFrom) <= now && now + RENEW_BEFORE_EXPIRY_MS < validToMs
    const namesCovered = wanted.altNames.every((name) => (isIP(name) === 0 ? x509.checkHost(name) : x509.checkIP(name)) !== undefined)
    if (!valid || !namesCovered || !x509.checkPrivateKey(createPrivateKey(key))) return null
    return { fingerprintSha256: x509.fingerprint256, validToMs } // node formats it as formatFingerprint does
  } catch {
    return null // not PEM, or a key of another kind: make a new pair
  }
}
