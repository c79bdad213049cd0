// The QoS lab's fault rules, applied by the embedded broker through its policy hooks: drop the next or
// every matching packet, delay it, send or handle it twice, cut the connection right after it, hold it
// until the user releases it (step mode), or refuse a CONNECT. The consequences are the protocol's own
// (packet-faults.ts applies them inside the broker). Without rules the policy has no fault hooks at all,
// so the broker pays nothing.
import type { FaultRule, HeldPacket, LabSimState } from '../../../shared/model/lab-sim'
import type { AuthResult, BrokerPolicy, ClientInfo, PacketFault } from '../broker/hooks'

const MAX_RULES = 50
const MAX_HELD = 500

export class FaultPlan {
  private rules: FaultRule[] = []
  private held: Array<HeldPacket & { release(): void }> = []
  private ruleSeq = 0
  private heldSeq = 0

  /**
   * `changed`: the policy must be rebuilt (rules appeared or went). `isOwn`: one of Topicscope's own
   * connections (the Explorer, bridges), which a rule for every client leaves alone: holding or refusing
   * them would break the app, not teach anything. A rule naming one still applies.
   */
  constructor(private readonly changed: () => void, private readonly isOwn: (client: { username: string | null }) => boolean = () => false,
              private readonly now: () => number = Date.now) {}

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
    // Only the hooks some rule needs: a plan of CONNECT refusals alone costs the other packets nothing.
    const refuses = this.rules.some((r) => r.action === 'refuse-connect')
    const packets = this.rules.some((r) => r.action !== 'refuse-connect')
    if (!refuses && !packets) return policy
    return {
      ...policy,
      ...(refuses ? { authenticate: (req) => this.refusal(req) ?? policy.authenticate?.(req) ?? { ok: true, username: req.username } } : {}),
      ...(packets ? {
        onPacketIn: (client, packet) => this.decide(client, 'in', packet),
        onPacketOut: (client, packet) => this.decide(client, 'out', packet),
      } : {}),
    }
  }

  /** Whether a rule's client matches: its own id, or '*' for every client but the app's own. */
  private applies(rule: FaultRule, client: { clientId: string; username: string | null }): boolean {
    return rule.clientId === '*' ? !this.isOwn(client) : rule.clientId === client.clientId
  }

  private match(client: ClientInfo, direction: 'in' | 'out', cmd: string): FaultRule | undefined {
    return this.rules.find((r) => r.direction === direction && this.applies(r, client) && (r.cmd === '*' || r.cmd === cmd) && r.action !== 'refuse-connect')
  }

  private refusal(req: { clientId: string; username: string | null }): AuthResult | null {
    const rule = this.rules.find((r) => r.action === 'refuse-connect' && this.applies(r, req))
    if (rule === undefined) return null
    rule.hits++
    // 0x88 Server unavailable; a 3.1.1 client gets return code 3, its equivalent.
    return { ok: false, reasonCode: 0x88, reason: 'Refused by a QoS lab fault rule' }
  }

  private decide(client: ClientInfo, direction: 'in' | 'out', packet: { cmd: string; messageId?: number }): PacketFault {
    const clientId = client.clientId
    const rule = this.match(client, direction, packet.cmd)
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
