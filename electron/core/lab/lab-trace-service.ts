// The QoS lab's trace of the embedded broker, recorded while someone looks: the first page asked for
// attaches the trace to the broker (again after a broker restart), and a minute without a request
// detaches it, so the broker pays for the observer only while the lab is open. Events already kept stay.
import type { TracePage, TracePageRequest } from '../../../shared/model/lab-trace'
import type { Broker } from '../broker/broker'
import type { ClientInfo } from '../broker/hooks'
import { PacketTrace } from './packet-trace'

export const TRACE_CAPACITY = 10_000
const IDLE_MS = 60_000

export class LabTraceService {
  private trace: PacketTrace
  private attached: { broker: Broker; detach(): void } | null = null
  private lastUse = 0
  private readonly timer: NodeJS.Timeout
  private recordingSince: number | null = null

  constructor(private readonly broker: () => Broker | null, private readonly isInternal: (client: ClientInfo) => boolean, private readonly now: () => number = Date.now) {
    this.trace = new PacketTrace(TRACE_CAPACITY, isInternal)
    this.timer = setInterval(() => {
      if (this.attached !== null && this.now() - this.lastUse > IDLE_MS) this.detach()
    }, 10_000)
    this.timer.unref()
  }

  page(req: TracePageRequest): TracePage {
    this.lastUse = this.now()
    const broker = this.broker()
    if (this.attached?.broker !== broker) {
      this.detach()
      if (broker !== null) {
        this.attached = { broker, detach: broker.observe(this.trace.observer()) }
        this.recordingSince = this.now()
      }
    }
    return { ...this.trace.page(req), recordingSince: this.recordingSince }
  }

  /** Forgets every event (the seq numbers go on, so a page in flight cannot mix old and new). */
  clear(): void {
    const broker = this.attached?.broker ?? null
    this.detach()
    this.trace = new PacketTrace(TRACE_CAPACITY, this.isInternal, undefined, this.trace.lastSeq)
    if (broker !== null) {
      this.attached = { broker, detach: broker.observe(this.trace.observer()) }
      this.recordingSince = this.now()
    }
  }

  close(): void {
    clearInterval(this.timer)
    this.detach()
  }

  private detach(): void {
    this.attached?.detach()
    this.attached = null
    this.recordingSince = null
  }
}
