// The embedded broker's ACL, edited in the console: mosquitto's ACL file format, kept in broker-acl.conf
// in the data folder (mosquitto reads the same file). A text with bad lines is refused whole, with each
// problem named, so the broker never runs a half-read ACL; an empty text means no ACL. The tester answers
// with the same check the broker runs.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AclProblem, AclTestAnswer, AclTestRequest, BrokerAclState } from '../../../shared/model/broker-acl'
import { explainAcl, parseAclFile, type Acl } from '../broker/auth/acl-file'
import { AppFailure } from '../support/app-failure'
import { writeFileAtomic } from '../support/atomic-write'

export const ACL_FILE = 'broker-acl.conf'

export class BrokerAcl {
  readonly path: string
  private text = ''
  private acl: Acl | null = null

  constructor(dataDir: string, onWarning: (message: string) => void) {
    this.path = join(dataDir, ACL_FILE)
    if (!existsSync(this.path)) return
    try {
      const text = readFileSync(this.path, 'utf8')
      const { acl, errors } = parseAclFile(text, this.path)
      for (const e of errors) onWarning(e.message)
      this.text = text
      this.acl = text.trim() === '' ? null : acl
    } catch (err) {
      onWarning(`${this.path} could not be read (${(err as Error).message}); the broker runs without an ACL.`)
    }
  }

  state(): BrokerAclState {
    return { text: this.text, file: this.path }
  }

  /** The ACL in force (null: none). */
  current(): Acl | null {
    return this.acl
  }

  /** The problems of a text, without applying it. */
  check(text: string): AclProblem[] {
    return parseAclFile(text, ACL_FILE).errors.map((e) => ({ line: e.line, message: e.message }))
  }

  /** Applies a text: refused (AppFailure naming the first problem) when any line is bad. */
  async set(text: string): Promise<BrokerAclState> {
    const problems = this.check(text)
    if (problems.length > 0) throw new AppFailure('bad-request', `${problems.length} line(s) of the ACL are wrong; the first: ${problems[0]!.message}`)
    await writeFileAtomic(this.path, text, 0o600)
    this.text = text
    this.acl = text.trim() === '' ? null : parseAclFile(text, ACL_FILE).acl
    return this.state()
  }

  /** What the broker would decide for this client, topic and access, with the ACL in force. */
  test(req: AclTestRequest): AclTestAnswer {
    if (this.acl === null) return { allowed: true, reason: 'no-acl', line: null, lineText: null }
    const verdict = explainAcl(this.acl, { username: req.username, clientId: req.clientId }, req.topic, req.access)
    if (verdict.rule === null) return { allowed: false, reason: verdict.reason, line: null, lineText: null }
    const line = verdict.rule.line
    return { allowed: verdict.allowed, reason: 'rule', line, lineText: this.text.split('\n')[line - 1]?.trim() ?? null }
  }
}
