// A throwaway certificate authority for TLS tests: a CA certificate and client certificates it signs
// (clientAuth usage), so client-certificate authentication is tested as users set it up.
import 'reflect-metadata'
import { KeyObject, webcrypto } from 'node:crypto'
import * as x509 from '@peculiar/x509'

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
type Keys = { privateKey: unknown; publicKey: unknown }

x509.cryptoProvider.set(webcrypto as unknown as Crypto)

async function keyPair(): Promise<Keys> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as unknown as Keys
}

const pemKey = (keys: Keys) => KeyObject.from(keys.privateKey as webcrypto.CryptoKey).export({ type: 'pkcs8', format: 'pem' }) as string
const DAY_MS = 86_400_000

/** A CA that can sign client certificates. */
export async function createTestCa(): Promise<{ cert: string; issueClient(commonName: string): Promise<{ cert: string; key: string }> }> {
  const caKeys = await keyPair()
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: 'CN=Topicscope test CA', notBefore: new Date(Date.now() - DAY_MS), notAfter: new Date(Date.now() + DAY_MS),
    keys: caKeys as CryptoKeyPair, signingAlgorithm: ALGORITHM,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  })
  let serial = 2
  return {
    cert: ca.toString('pem'),
    issueClient: async (commonName) => {
      const keys = await keyPair()
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: (serial++).toString(16).padStart(2, '0'), subject: `CN=${commonName}`, issuer: ca.subject,
        notBefore: new Date(Date.now() - DAY_MS), notAfter: new Date(Date.now() + DAY_MS),
        publicKey: (keys as CryptoKeyPair).publicKey, signingKey: (caKeys as CryptoKeyPair).privateKey, signingAlgorithm: ALGORITHM,
        extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
      })
      return { cert: cert.toString('pem'), key: pemKey(keys) }
    },
  }
}
