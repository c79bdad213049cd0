// The QoS lab: sequence diagrams of every client of the embedded broker, drawn from the packets the broker
// really sent and received (or of one of the app's own connections, seen from this side). Live, or paused and stepped or scrubbed through what is kept; filtered by
// client, topic and packet type; a message's whole life on a click; exports for slides and docs; a
// presenter mode with large type; and virtual clients and fault rules to make things happen.
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { summarizeFlows } from '../../../shared/lab/trace-flows'
import { laneOrder } from '../../../shared/lab/trace-mermaid'
import { useLanguage, useT } from '../../i18n/use-t'
import { LAB_POLL_MS, labStore, useLab } from '../../store/lab-store'
import { formatCount, formatTime } from '../explorer/format-topic'
import { FlowDetail } from './FlowDetail'
import { SequenceDiagram } from './SequenceDiagram'
import { ExportFailure, exportJson, exportMermaid, exportPng, exportSvg } from './trace-export'
import { TraceFilters } from './TraceFilters'
import { TraceSourcePicker } from './TraceSourcePicker'
import { describeError } from '../../i18n/describe-error'
import { FaultsPanel } from './FaultsPanel'
import { LessonsPanel } from './LessonsPanel'
import { VirtualClientsPanel } from './VirtualClientsPanel'
import { labSimStore, useLabSim } from '../../store/lab-sim-store'
import { useExplorerConnections } from '../../store/explorer-store'

/** Arrows drawn at once: the window ends at the live edge or the paused position. */
export const VISIBLE_EVENTS = 150

export function LabView(): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const events = useLab((s) => s.events)
  const cursor = useLab((s) => s.cursor)
  const presenter = useLab((s) => s.presenter)
  const droppedBackend = useLab((s) => s.droppedBackend)
  const droppedHere = useLab((s) => s.droppedHere)
  const capacity = useLab((s) => s.capacity)
  const recordingSince = useLab((s) => s.recordingSince)
  const traceError = useLab((s) => s.error)
  const source = useLab((s) => s.source)
  const seenFromThisSide = useLab((s) => s.seenFromThisSide)
  // Seen from this side, the broker lane is the one that connection talks to.
  const tracedUrl = useExplorerConnections().find((c) => c.id === source)?.url
  const [selectedFlow, setSelectedFlow] = useState<number | null>(null)
  const [exportError, setExportError] = useState<string | null>(null)
  const svg = useRef<SVGSVGElement>(null)
  const simClients = useLabSim((s) => s.sim.clients)
  useEffect(() => {
    const tick = (): void => {
      void labStore.getState().poll()
      void labSimStore.getState().refresh()
    }
    tick()
    const timer = setInterval(tick, LAB_POLL_MS)
    return () => clearInterval(timer)
  }, [])
  const end = cursor ?? events.length - 1
  const shown = useMemo(() => events.slice(Math.max(0, end - VISIBLE_EVENTS + 1), end + 1), [events, end])
  const lanes = useMemo(() => laneOrder(shown), [shown])
  const flows = useMemo(() => summarizeFlows(events), [events])
  const flow = selectedFlow === null ? undefined : flows.get(selectedFlow)
  const faultClientIds = useMemo(() => [...new Set([...simClients.map((c) => c.config.clientId), ...events.filter((e) => !e.internal).map((e) => e.clientId)])], [simClients, events])
  const store = labStore.getState()
  const paused = cursor !== null
  const run = (fn: () => void | Promise<void>) => async () => {
    try {
      setExportError(null)
      await fn()
    } catch (err) {
      setExportError(err instanceof ExportFailure ? t(err.key) : (err as Error).message)
    }
  }
  return (
    <div className={presenter ? 'view-body lab-view lab-presenter' : 'view-body lab-view'}>
      <header className="view-header">
        <h1>{t('view.lab.title')}</h1>
      </header>
      <p className="hint">{t('lab.about')}</p>
      <div className="lab-toolbar" role="toolbar" aria-label={t('lab.controls')}>
        <button type="button" className="button button-small" data-testid="lab-live" aria-pressed={!paused} onClick={() => (paused ? store.live() : store.pause())}>
          {paused ? t('lab.resume') : t('lab.pause')}
        </button>
        <button type="button" className="button button-small" data-testid="lab-step-back" disabled={events.length === 0} onClick={() => store.step(-1)}>{t('lab.stepBack')}</button>
        <button type="button" className="button button-small" data-testid="lab-step" disabled={events.length === 0 || !paused || end >= events.length - 1} onClick={() => store.step(1)}>{t('lab.step')}</button>
        <input type="range" min={0} max={Math.max(0, events.length - 1)} value={Math.max(0, end)} disabled={events.length === 0} aria-label={t('lab.scrub')} data-testid="lab-scrub"
          onChange={(e) => store.scrub(Number(e.target.value))} />
        <span className="hint" data-testid="lab-position">
          {t('lab.position', { at: formatCount(Math.max(0, end + 1), lang), total: formatCount(events.length, lang) })}
        </span>
        <button type="button" className="button button-small" onClick={() => void store.clear()} data-testid="lab-clear">{t('lab.clear')}</button>
        <label className="lab-check"><input type="checkbox" checked={presenter} data-testid="lab-presenter" onChange={(e) => store.setPresenter(e.target.checked)} /> {t('lab.presenter')}</label>
      </div>
      <TraceSourcePicker />
      <LessonsPanel />
      <TraceFilters events={events} />
      {traceError !== null && <p className="field-error" role="status" data-testid="lab-trace-error">{describeError(traceError, t)}</p>}
      <p className="hint" data-testid="lab-counts">
        {recordingSince === null ? t('lab.notRecording') : t('lab.recording', { since: formatTime(recordingSince, lang, Date.now()) })}{' '}
        {t('lab.dropped', { backend: formatCount(droppedBackend, lang), capacity: formatCount(capacity, lang), here: formatCount(droppedHere, lang) })}
      </p>
      <div className="lab-main">
        <div className="lab-diagram-scroll">
          {shown.length === 0
            ? <p className="hint" data-testid="lab-empty">{t('lab.empty')}</p>
            : <SequenceDiagram ref={svg} events={shown} lanes={lanes} selectedFlow={selectedFlow} presenter={presenter} brokerName={tracedUrl ?? t('lab.broker')}
                onSelect={(id) => setSelectedFlow(id === selectedFlow ? null : id)} />}
        </div>
        <aside className="lab-side">
          <div className="button-row">
            <button type="button" className="button button-small" data-testid="lab-export-svg" disabled={shown.length === 0} onClick={run(() => { if (svg.current !== null) exportSvg(svg.current) })}>SVG</button>
            <button type="button" className="button button-small" data-testid="lab-export-png" disabled={shown.length === 0} onClick={run(async () => { if (svg.current !== null) await exportPng(svg.current) })}>PNG</button>
            <button type="button" className="button button-small" data-testid="lab-export-mermaid" disabled={shown.length === 0} onClick={run(() => exportMermaid(shown, lanes))}>Mermaid</button>
            <button type="button" className="button button-small" data-testid="lab-export-json" disabled={shown.length === 0} onClick={run(() => exportJson(shown))}>JSON</button>
          </div>
          {exportError !== null && <p className="field-error" role="status">{exportError}</p>}
          {flow !== undefined ? <FlowDetail flow={flow} seenFrom={seenFromThisSide ? tracedUrl ?? null : null} /> : <p className="hint">{t('lab.pickFlow')}</p>}
        </aside>
      </div>
      <div className="lab-sim">
        <VirtualClientsPanel />
        <FaultsPanel clientIds={faultClientIds} />
      </div>
    </div>
  )
}
