// A trace as Mermaid `sequenceDiagram` text, for slides and docs: one participant per client and the
// broker, one arrow per packet, in the order they happened.
import type { TraceEvent } from '../model/lab-trace'
import { packetLabel } from './trace-labels'

const BROKER = 'Broker'

/** Mermaid ids cannot hold most punctuation: each lane gets a safe id and keeps its name as alias. */
function laneId(clientId: string, index: number): string {
  return `C${index}_${clientId.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40)}`
}

/** `lanes`: the clients in the order to draw them (the broker is placed after `left` of them). */
export function toMermaid(events: readonly TraceEvent[], lanes: { left: string[]; right: string[] }): string {
  const ids = new Map<string, string>()
  const lines = ['sequenceDiagram']
  const declare = (clientId: string) => {
    const id = laneId(clientId, ids.size)
    ids.set(clientId, id)
    lines.push(`    participant ${id} as ${clientId.replace(/[;#]/g, ' ')}`)
  }
  lanes.left.forEach(declare)
  lines.push(`    participant ${BROKER}`)
  lanes.right.forEach(declare)
  for (const e of events) {
    const client = ids.get(e.clientId)
    if (client === undefined) continue
    // '#' starts an entity code and ';' ends a statement in Mermaid: both are written out.
    const label = packetLabel(e).replace(/#/g, 'id ').replace(/;/g, ',')
    // A lost packet ends in a cross, as Mermaid draws one.
    const arrow = e.fault === 'drop' ? '-x' : '->>'
    lines.push(e.dir === 'c2b' ? `    ${client}${arrow}${BROKER}: ${label}` : `    ${BROKER}${arrow}${client}: ${label}`)
  }
  return lines.join('\n') + '\n'
}

/** Publishers to the left of the broker, everyone else to the right, each in order of first appearance. */
export function laneOrder(events: readonly TraceEvent[]): { left: string[]; right: string[] } {
  const publishers = new Set<string>()
  const seen: string[] = []
  for (const e of events) {
    if (!seen.includes(e.clientId)) seen.push(e.clientId)
    if (e.cmd === 'publish' && e.dir === 'c2b') publishers.add(e.clientId)
  }
  return { left: seen.filter((c) => publishers.has(c)), right: seen.filter((c) => !publishers.has(c)) }
}
