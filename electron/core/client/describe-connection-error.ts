// Turns what went wrong on an outbound MQTT connection (socket errors, TLS failures, CONNACK refusals, server
// DISCONNECTs) into a ConnectionErrorInfo with a human sentence. Never connects anywhere except the TLS probe.
import { connect as tlsConnect, type PeerCertificate } from 'node:tls'
import { isIP } from 'node:net'
import type { CertificateSummary, ConnectionErrorInfo } from '../../../shared/model/connection-profile'
import { formatReasonCode, reasonCodeName, RC, type ProtocolVersion } from '../../../shared/mqtt/reason-codes'

/** Where the client tried to connect, for the sentences and the certificate probe. */
export interface ConnectionTarget {
  host: string
  port: number
  /** SNI name to send in the probe; null sends the host name unless it is an IP address. */
  servername: string | null
  /** Whether the transport is mqtts or wss (TLS errors are only looked for then). */
  secure: boolean
}

/** The probe must not hold up the error message for long: a server that just failed a handshake answers fast or not at all. */
export const CERTIFICATE_PROBE_TIMEOUT_MS = 3000

/** Node/OpenSSL verification codes → what they mean for the user. */
const TLS_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'The server certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'The server certificate chain ends in a self-signed certificate that is not trusted',
  CERT_HAS_EXPIRED: 'The server certificate has expired',
  CERT_NOT_YET_VALID: 'The server certificate is not valid yet (check this computer\'s clock)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'The server certificate was issued by a certificate authority that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'The server certificate was issued by a certificate authority that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'The server certificate was issued by a certificate authority that is not trusted',
  CERT_SIGNATURE_FAILURE: 'The server certificate has an invalid signature',
  CERT_REVOKED: 'The server certificate has been revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'The server certificate is not valid for this host name',
}

const TLS_ADVICE = 'Add its CA certificate to the profile, or turn certificate verification off if you trust this server.'

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

const hostPort = (t: ConnectionTarget) => (isIP(t.host) === 6 ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`)

/** Whether `err` is a certificate or handshake failure, for which a certificate probe is worth it. */
export function isTlsError(err: unknown): boolean {
  const code = errorCode(err)
  if (code !== undefined && (code in TLS_PROBLEMS || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))) return true
  return /TLS not authorized|certificate|SSL routines/i.test(errorMessage(err))
}

/**
 * Describes a failure below MQTT: the socket, DNS, TLS or the connect timeout. Synchronous: for TLS
 * errors call {@link describeConnectionError}, which adds the server certificate.
 */
export function describeSocketError(err: unknown, target: ConnectionTarget, connectTimeoutS: number): ConnectionErrorInfo {
  const code = errorCode(err)
  const where = hostPort(target)
  switch (code) {
    case 'ECONNREFUSED':
      return { kind: 'refused', message: `Nothing is listening on ${where}` }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'dns', message: `The host name '${target.host}' could not be found` }
    case 'ETIMEDOUT':
      return { kind: 'timeout', message: `No answer from ${where} within ${connectTimeoutS} s` }
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { kind: 'refused', message: `${where} cannot be reached from this computer (no route to the host)` }
    case 'ECONNRESET':
    case 'EPIPE':
      return { kind: 'other', message: `${where} closed the connection abruptly` }
  }
  if (/connack timeout/i.test(errorMessage(err))) {
    return { kind: 'timeout', message: `No answer from ${where} within ${connectTimeoutS} s` }
  }
  if (code !== undefined && code in TLS_PROBLEMS) {
    const problem = code === 'ERR_TLS_CERT_ALTNAME_INVALID'
      ? `The server certificate is not valid for the host name '${target.servername ?? target.host}'`
      : TLS_PROBLEMS[code]!
    return { kind: 'tls', message: `${problem}.` }
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return { kind: 'tls', message: `${where} did not answer with TLS; is this a plain (non-TLS) port?` }
  }
  if (isTlsError(err)) return { kind: 'tls', message: `The TLS handshake with ${where} failed: ${errorMessage(err)}.` }
  if (/^Protocol error|Malformed|Invalid header|Unregistered Topic Alias/i.test(errorMessage(err))) {
    return { kind: 'protocol', message: `${where} broke the MQTT protocol: ${errorMessage(err)}` }
  }
  return { kind: 'other', message: `The connection to ${where} failed: ${errorMessage(err)}` }
}

/**
 * Like {@link describeSocketError}, and for TLS failures on a secure transport also reads the server
 * certificate with {@link probeServerCertificate}, so the message names what the server presented.
 */
export async function describeConnectionError(err: unknown, target: ConnectionTarget, connectTimeoutS: number): Promise<ConnectionErrorInfo> {
  const info = describeSocketError(err, target, connectTimeoutS)
  if (info.kind !== 'tls' || !target.secure) return info
  const certificate = await probeServerCertificate(target, CERTIFICATE_PROBE_TIMEOUT_MS)
  if (certificate === null) return info
  return { ...info, certificate, message: `${info.message} ${formatCertificate(certificate)} ${TLS_ADVICE}` }
}

/** "Server certificate: CN=…, issued by CN=…, valid from … to …, SHA-256 fingerprint AB:…." */
export function formatCertificate(c: CertificateSummary): string {
  return `Server certificate: ${c.subject}, issued by ${c.issuer}, valid from ${c.validFrom} to ${c.validTo}, SHA-256 fingerprint ${c.fingerprint256}.`
}

/** A CONNACK that refused the connection, with the reason (5.0) or return code (3.1/3.1.1) by name. */
export function describeConnackRefusal(code: number, protocolVersion: ProtocolVersion, target: ConnectionTarget, reasonString?: string): ConnectionErrorInfo {
  const said = reasonString !== undefined && reasonString !== '' ? ` The broker said: "${reasonString}".` : ''
  return {
    kind: 'connack',
    reasonCode: code,
    reasonName: reasonCodeName(code, 'connack', protocolVersion),
    message: `The broker at ${hostPort(target)} refused the connection: ${formatReasonCode(code, 'connack', protocolVersion)}.${said}`,
  }
}

/** A DISCONNECT from the server (5.0 only; 3.1.1 servers just close the socket). */
export function describeServerDisconnect(code: number, target: ConnectionTarget, reasonString?: string): ConnectionErrorInfo {
  const said = reasonString !== undefined && reasonString !== '' ? ` The broker said: "${reasonString}".` : ''
  const hint = code === RC.SESSION_TAKEN_OVER ? ' Another client connected with the same client id.' : ''
  return {
    kind: 'disconnect',
    reasonCode: code,
    reasonName: reasonCodeName(code, 'disconnect', 5),
    message: `The broker at ${hostPort(target)} closed the connection: ${formatReasonCode(code, 'disconnect', 5)}.${hint}${said}`,
  }
}

/** The connection closed without a DISCONNECT packet (or from a 3.1.1 broker, which never sends one). */
export function describeConnectionLost(target: ConnectionTarget): ConnectionErrorInfo {
  return { kind: 'disconnect', message: `The connection to ${hostPort(target)} was closed` }
}

function formatName(name: PeerCertificate['subject'] | undefined): string {
  if (name === undefined || name === null) return '(none)'
  const parts = Object.entries(name).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
  return parts.length === 0 ? '(empty)' : parts.join(', ')
}

/**
 * Reads the certificate a TLS server presents, accepting it whatever it is (the connection is closed
 * straight after the handshake and nothing is sent). Null when the handshake does not complete in
 * `timeoutMs` or fails for a reason other than trust.
 */
export function probeServerCertificate(target: ConnectionTarget, timeoutMs: number): Promise<CertificateSummary | null> {
  return new Promise((resolve) => {
    const servername = target.servername ?? (isIP(target.host) === 0 ? target.host : undefined)
    const socket = tlsConnect({ host: target.host, port: target.port, servername, rejectUnauthorized: false })
    const finish = (result: CertificateSummary | null) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    const timer = setTimeout(() => finish(null), timeoutMs)
    socket.on('error', () => finish(null))
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate()
      if (cert === null || Object.keys(cert).length === 0) return finish(null)
      finish({
        subject: formatName(cert.subject),
        issuer: formatName(cert.issuer),
        validFrom: cert.valid_from,
        validTo: cert.valid_to,
        fingerprint256: cert.fingerprint256,
      })
    })
  })
}
