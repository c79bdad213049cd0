// The web UI's access token: random per start unless the user gives one; compared in constant time.
import { randomBytes, timingSafeEqual } from 'node:crypto'

/** Long enough that guessing over the network is hopeless (192 bits). */
const TOKEN_BYTES = 24
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{12,200}$/

/** A fresh URL-safe token. */
export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url')
}

/** Returns why a user-chosen token is unusable, or null when it is fine. */
export function checkToken(token: string): string | null {
  return TOKEN_PATTERN.test(token) ? null : 'The token must be 12 to 200 characters of letters, digits, "-" or "_".'
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The cookie that carries the token after the first visit; named per port since cookies ignore ports. */
export function tokenCookieName(port: number): string {
  return `topicscope_token_${port}`
}

/** Reads one cookie out of a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return null
}
