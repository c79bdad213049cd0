// A sequence diagram drawn from real packets: one lifeline per client and one for the broker, one arrow per
// packet in the order they happened, with the time since the first one shown. Arrows of one message share
// a colour; choosing one highlights its whole flow. Drawn with SVG attributes only (no stylesheet), so the
// same element exports as a standalone SVG or PNG.
import { forwardRef, type ReactElement } from 'react'
import { packetLabel } from '../../../shared/lab/trace-labels'
import type { TraceEvent } from '../../../shared/model/lab-trace'
import { useT } from '../../i18n/use-t'

/** Colours that read on light and dark backgrounds alike. */
const FLOW_COLOURS = ['#0e7490', '#b45309', '#7c3aed', '#15803d', '#be185d', '#1d4ed8', '#a16207', '#0f766e']
const OTHER_COLOUR = '#6b7280'
const FAULT_COLOUR = '#dc2626'
export const BROKER_LANE = 'Broker'

export interface DiagramProps {
  events: readonly TraceEvent[]
  lanes: { left: string[]; right: string[] }
  selectedFlow: number | null
  onSelect(flowId: number | null): void
  presenter: boolean
  brokerName: string
}

export const SequenceDiagram = forwardRef<SVGSVGElement, DiagramProps>(function SequenceDiagram({ events, lanes, selectedFlow, onSelect, presenter, brokerName }, ref): ReactElement {
  const t = useT()
  const laneW = presenter ? 300 : 210
  const rowH = presenter ? 46 : 30
  const font = presenter ? 18 : 12
  const timeW = presenter ? 120 : 84
  const header = presenter ? 56 : 40
  const order = [...lanes.left, BROKER_LANE, ...lanes.right]
  const x = (lane: string): number => timeW + laneW / 2 + order.indexOf(lane) * laneW
  const width = timeW + order.length * laneW
  const height = header + Math.max(1, events.length) * rowH + 16
  const start = events[0]?.at ?? 0
  return (
    <svg ref={ref} xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} fontFamily="system-ui, sans-serif" fontSize={font}
      role="img" aria-label={t('lab.diagramLabel')} data-testid="lab-diagram" className="lab-diagram">
      <defs>
        {[...FLOW_COLOURS, OTHER_COLOUR].map((c) => (
          <marker key={c} id={`arrow-${c.slice(1)}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0 10 5 0 10z" fill={c} />
          </marker>
        ))}
      </defs>
      {order.map((lane) => (
        <g key={lane}>
          <text x={x(lane)} y={header - 14} textAnchor="middle" fontWeight="600" fill="currentColor">{lane === BROKER_LANE ? brokerName : lane}</text>
          <line x1={x(lane)} x2={x(lane)} y1={header - 6} y2={height - 8} stroke="currentColor" strokeOpacity={0.35} strokeDasharray={lane === BROKER_LANE ? undefined : '4 4'} />
        </g>
      ))}
      {events.map((e, i) => {
        const y = header + i * rowH + rowH * 0.7
        const from = e.dir === 'c2b' ? x(e.clientId) : x(BROKER_LANE)
        // A lost packet stops two thirds of the way, at a cross: it never arrived.
        const lost = e.fault === 'drop'
        const to = lost ? from + ((e.dir === 'c2b' ? x(BROKER_LANE) : x(e.clientId)) - from) * 0.66 : e.dir === 'c2b' ? x(BROKER_LANE) : x(e.clientId)
        const colour = e.flowId === null ? OTHER_COLOUR : FLOW_COLOURS[e.flowId % FLOW_COLOURS.length]!
        const faded = selectedFlow !== null && e.flowId !== selectedFlow
        return (
          <g key={e.seq} opacity={faded ? 0.3 : 1} data-testid="lab-arrow" data-cmd={e.cmd} data-flow={e.flowId ?? ''} onClick={() => onSelect(e.flowId)}
            tabIndex={e.flowId === null ? undefined : 0} onKeyDown={(k) => { if (k.key === 'Enter' || k.key === ' ') onSelect(e.flowId) }} style={{ cursor: e.flowId === null ? 'default' : 'pointer' }}>
            <title>{`${packetLabel(e)} (${e.clientId})`}</title>
            {/* The whole row answers a click: a thin arrow alone would be hard to hit. */}
            <rect x={0} y={header + i * rowH} width={width} height={rowH} fill="transparent" pointerEvents="all" />
            <text x={8} y={y + 4} fill="currentColor" fillOpacity={0.6} fontSize={font - 2}>{`+${(e.at - start).toFixed(1)} ms`}</text>
            <line x1={from} x2={to} y1={y} y2={y} stroke={colour} strokeWidth={e.cmd === 'publish' ? 2.2 : 1.4} strokeDasharray={e.cmd === 'publish' ? undefined : '6 3'} markerEnd={lost ? undefined : `url(#arrow-${colour.slice(1)})`} />
            {lost && <text x={to} y={y + 5} textAnchor="middle" fill={FAULT_COLOUR} fontWeight="700" fontSize={font + 4} data-testid="lab-lost">✕</text>}
            <text x={(from + to) / 2} y={y - 5} textAnchor="middle" fill={e.fault === null ? colour : FAULT_COLOUR} fontWeight={e.cmd === 'publish' ? 600 : 400}>{packetLabel(e)}</text>
          </g>
        )
      })}
    </svg>
  )
})
