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

export const TRACE_CAPACITY = 10_000
const IDLE_MS = 60_000
/** Connections traced at once at most (each keeps its own bounded ring). */
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
  private readonly timer: NodeJS.Timeout

  constructor(private readonly broker: () => Broker | null, private readonly isInternal: (client: ClientInfo) => boolean,
              private readonly explorer: () => ExplorerService | null = () => null, private readonly now: () => number = Date.now) {
    this.timer = setInterval(() => {
      for (const [id, s] of this.sources) {
        if (s.detach === null || this.now() - s.lastUse <= IDLE_MS) continue
        this.detach(s)
        if (id !== EMBEDDED_TRACE) this.sources.delete(id)
      }
    }, 10_000)
    this.timer.unref()
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
      if (id !== EMBEDDED_TRACE && this.sources.size >= MAX_SOURCES) throw new AppFailure('bad-request', `The lab traces at most ${MAX_SOURCES} connections at once.`)
      source = { trace: new PacketTrace(TRACE_CAPACITY, id === EMBEDDED_TRACE ? this.isInternal : () => false, undefined, 0, id !== EMBEDDED_TRACE), target: null, detach: null, recordingSince: null, lastUse: 0 }
      this.sources.set(id, source)
    }
    return source
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
