// The QoS lab's traces, recorded while someone looks: the embedded broker's (every client, from the
// broker's observer hooks) and, on request, each of the app's own connections to other brokers (from
// MQTT.js packet events, seen from this side). The first page asked for attaches a trace (again after a
// broker restart or a reconnection); a minute without a request detaches it, so nothing pays for an
// observer the lab is not showing. Events already kept stay.
import { EMBEDDED_TRACE, type TracePage, type TracePageRequest } from '../../../shared/model/lab-trace'
import type { Broker } from '../broker/broker'
import type { ClientInfo } from '../broker/hooks'
import type { ExplorerService } from '../explorer/explorer-service'
import { AppFailure } from '../support/app-failure'
import { PacketTrace } from './packet-trace'

const TRACE_CAPACITY = 10_000
const IDLE_MS = 60_000
/** Connection traces kept at most (each its own bounded ring); the least recently asked for goes first. */
const MAX_SOURCES = 8

interface Source {
  trace: PacketTrace
  /** What it is attached to (the broker object, or the connection id), to notice a replacement. */
  target: unknown
  detach: (() => void) | null
  recordingSince: number | null
  lastUse: number
}

export class LabTraceService {
  private readonly sources = new Map<string, Source>()
  /**
   * The highest seq of a trace let go of: a new one numbers on from it, so a page that asks for events
   * after an old trace's seq still gets the new trace's events.
   */
  private retiredSeq = 0
  private readonly timer: NodeJS.Timeout

  constructor(private readonly broker: () => Broker | null, private readonly isInternal: (client: ClientInfo) => boolean,
              private readonly explorer: () => ExplorerService | null = () => null, private readonly now: () => number = Date.now) {
    this.timer = setInterval(() => this.detachIdle(), 10_000)
    this.timer.unref()
  }

  /** Stops following what nobody asked about for a minute (run every 10 s); the events kept stay. */
  detachIdle(): void {
    for (const s of this.sources.values()) {
      if (s.detach !== null && this.now() - s.lastUse > IDLE_MS) this.detach(s)
    }
  }

  page(req: TracePageRequest): TracePage {
    const own = req.source !== EMBEDDED_TRACE
    const source = this.source(req.source)
    source.lastUse = this.now()
    this.attach(req.source, source)
    return { ...source.trace.page(req), recordingSince: source.recordingSince, seenFromThisSide: own }
  }

  /** Forgets the embedded broker's events (the numbering goes on, so a page in flight cannot mix old and new). */
  clear(): void {
    const source = this.sources.get(EMBEDDED_TRACE)
    if (source === undefined) return
    const target = source.target
    this.detach(source)
    source.trace = new PacketTrace(TRACE_CAPACITY, this.isInternal, undefined, source.trace.lastSeq)
    if (target !== null) this.attach(EMBEDDED_TRACE, source)
  }

  close(): void {
    clearInterval(this.timer)
    for (const s of this.sources.values()) this.detach(s)
  }

  private source(id: string): Source {
    let source = this.sources.get(id)
    if (source === undefined) {
      const own = this.sources.size - (this.sources.has(EMBEDDED_TRACE) ? 1 : 0)
      if (id !== EMBEDDED_TRACE && own >= MAX_SOURCES) this.retireLeastUsed()
      source = { trace: new PacketTrace(TRACE_CAPACITY, id === EMBEDDED_TRACE ? this.isInternal : () => false, undefined, this.retiredSeq, id !== EMBEDDED_TRACE), target: null, detach: null, recordingSince: null, lastUse: 0 }
      this.sources.set(id, source)
    }
    return source
  }

  /** Lets go of the connection trace asked for least recently, to keep at most MAX_SOURCES of them. */
  private retireLeastUsed(): void {
    let oldest: [string, Source] | null = null
    for (const entry of this.sources) if (entry[0] !== EMBEDDED_TRACE && (oldest === null || entry[1].lastUse < oldest[1].lastUse)) oldest = entry
    if (oldest === null) return
    this.detach(oldest[1])
    this.sources.delete(oldest[0])
    this.retiredSeq = Math.max(this.retiredSeq, oldest[1].trace.lastSeq)
  }

  /** (Re)attaches a source to what it follows now: the running broker, or the connection. */
  private attach(id: string, source: Source): void {
    if (id === EMBEDDED_TRACE) {
      const broker = this.broker()
      if (source.target === broker && source.detach !== null) return
      this.detach(source)
      if (broker === null) return
      source.target = broker
      source.detach = broker.observe(source.trace.observer())
      source.recordingSince = this.now()
      return
    }
    const explorer = this.explorer()
    if (explorer === null || !explorer.isOpen(id)) {
      this.detach(source)
      this.sources.delete(id)
      this.retiredSeq = Math.max(this.retiredSeq, source.trace.lastSeq)
      throw new AppFailure('not-found', `No open connection ${id} to trace: it was closed.`)
    }
    if (source.detach !== null) return
    const stop = explorer.watchPackets(id, (e, who) => source.trace.recordOwn(who, e.direction, e.packet))
    if (stop === null) throw new AppFailure('not-found', `No open connection ${id} to trace: it was closed.`)
    source.target = id
    source.detach = stop
    source.recordingSince = this.now()
  }

  private detach(source: Source): void {
    source.detach?.()
    source.detach = null
    source.target = null
    source.recordingSince = null
  }
}
