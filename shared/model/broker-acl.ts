// The embedded broker's ACL in the console: mosquitto's ACL file text, what is wrong in it, and the
// tester's question and answer ("can user U as client C publish to T?").

export interface BrokerAclState {
  /** The ACL text in force; empty: no ACL (every client may read and write every topic but `$` rules). */
  text: string
  file: string
}

export interface AclProblem {
  line: number
  message: string
}

export interface AclTestRequest {
  username: string | null
  clientId: string
  topic: string
  access: 'read' | 'write' | 'subscribe'
}

/** The tester's answer: the decision, and the line that made it or why no line could. */
export interface AclTestAnswer {
  allowed: boolean
  /** `rule`: line `line` decided; `no-acl`: no ACL is in force; the others: no rule could decide. */
  reason: 'rule' | 'no-acl' | 'dollar-topic' | 'no-matching-rule' | 'wildcard-identity'
  line: number | null
  lineText: string | null
}

export function parseAclTestRequest(raw: unknown): AclTestRequest | string {
  const r = raw as Partial<AclTestRequest> | null
  if (typeof r !== 'object' || r === null) return 'An ACL test must be an object.'
  if (r.username !== null && typeof r.username !== 'string') return 'username must be a string or null.'
  if (typeof r.clientId !== 'string' || typeof r.topic !== 'string' || r.topic === '') return 'A client id and a topic are required.'
  if (r.access !== 'read' && r.access !== 'write' && r.access !== 'subscribe') return "access must be 'read', 'write' or 'subscribe'."
  return { username: r.username === '' ? null : r.username ?? null, clientId: r.clientId, topic: r.topic, access: r.access }
}
