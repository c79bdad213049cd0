// The QoS lab's fault rules, applied by the embedded broker through its policy hooks: drop the next or
// every matching packet, delay it, send or handle it twice, cut the connection right after it, hold it
// until the user releases it (step mode), or refuse a CONNECT. The consequences are the protocol's own
// (packet-faults.ts applies them inside the broker). Without rules the policy has no fault hooks at all,
// so the broker pays nothing.
import type { FaultRule, HeldPacket, LabSimState } from '../../../shared/model/lab-sim'
import type { AuthResult, BrokerPolicy, PacketFault } from '../broker/hooks'

const MAX_RULES = 50
const MAX_HELD = 500

export class FaultPlan {
  private rules: FaultRule[] = []
  private held: Array<HeldPacket & { release(): void }> = []
  private ruleSeq = 0
  private heldSeq = 0

  /** `changed`: the policy must be rebuilt (rules appeared or went). */
  constructor(private readonly changed: () => void, private readonly now: () => number = Date.now) {}

  state(): Pick<LabSimState, 'faults' | 'held'> {
    return { faults: this.rules.map((r) => ({ ...r })), held: this.held.map(({ release: _release, ...h }) => h) }
  }

  add(rule: Omit<FaultRule, 'id' | 'hits'>): void {
    if (this.rules.length >= MAX_RULES) throw new Error(`At most ${MAX_RULES} fault rules.`)
    this.rules.push({ ...rule, id: `f${++this.ruleSeq}`, hits: 0 })
    this.changed()
  }

  remove(id: string): void {
    const rule = this.rules.find((r) => r.id === id)
    this.rules = this.rules.filter((r) => r.id !== id)
    // Packets a removed hold rule kept go on.
    if (rule?.action === 'hold') this.release('all')
    this.changed()
  }

  /** Lets a held packet (or all of them) go on. */
  release(id: number | 'all'): void {
    const going = id === 'all' ? this.held : this.held.filter((h) => h.id === id)
    this.held = id === 'all' ? [] : this.held.filter((h) => h.id !== id)
    for (const h of going) h.release()
  }

  clear(): void {
    this.rules = []
    this.release('all')
    this.changed()
  }

  /** The policy with the fault hooks added while there are rules. */
  wrap(policy: BrokerPolicy): BrokerPolicy {
    if (this.rules.length === 0) return policy
    return {
      ...policy,
      authenticate: (req) => this.refusal(req.clientId) ?? policy.authenticate?.(req) ?? { ok: true, username: req.username },
      onPacketIn: (clientId, packet) => this.decide(clientId, 'in', packet),
      onPacketOut: (clientId, packet) => this.decide(clientId, 'out', packet),
    }
  }

  private match(clientId: string, direction: 'in' | 'out', cmd: string): FaultRule | undefined {
    return this.rules.find((r) => r.direction === direction && (r.clientId === '*' || r.clientId === clientId) && (r.cmd === '*' || r.cmd === cmd) && r.action !== 'refuse-connect')
  }

  private refusal(clientId: string): AuthResult | null {
    const rule = this.rules.find((r) => r.action === 'refuse-connect' && (r.clientId === '*' || r.clientId === clientId))
    if (rule === undefined) return null
    rule.hits++
    // 0x88 Server unavailable; a 3.1.1 client gets return code 3, its equivalent.
    return { ok: false, reasonCode: 0x88, reason: 'Refused by a QoS lab fault rule' }
  }

  private decide(clientId: string, direction: 'in' | 'out', packet: { cmd: string; messageId?: number }): PacketFault {
    const rule = this.match(clientId, direction, packet.cmd)
    if (rule === undefined) return 'send'
    rule.hits++
    switch (rule.action) {
      case 'drop-next':
        this.rules = this.rules.filter((r) => r !== rule)
        queueMicrotask(this.changed)
        return 'drop'
      case 'drop-all':
        return 'drop'
      case 'delay':
        return { delayMs: rule.delayMs }
      case 'duplicate':
        return 'duplicate'
      case 'cut-after':
        return 'cut-after'
      case 'hold': {
        if (this.held.length >= MAX_HELD) return 'send'
        let release = (): void => undefined
        const until = new Promise<void>((resolve) => { release = resolve })
        this.held.push({ id: ++this.heldSeq, clientId, direction, cmd: packet.cmd, packetId: packet.messageId ?? null, since: this.now(), release })
        return { until }
      }
      default:
        return 'send'
    }
  }
}
