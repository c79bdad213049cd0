// The lab's exports: the diagram as a standalone SVG (with a white background and dark text) or as a PNG
// drawn from it, the diagram as Mermaid text, and the packet trace as JSON.
import { toMermaid } from '../../../shared/lab/trace-mermaid'
import type { TraceEvent } from '../../../shared/model/lab-trace'
import { download } from '../../ui/download'

/** An export the page could not make, with the message that says why. */
export class ExportFailure extends Error {
  constructor(readonly key: 'lab.export.noCanvas' | 'lab.export.noPng') {
    super(key)
  }
}

const stamp = (): string => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')

/** The SVG as a file of its own: currentColor resolved to dark text on white. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement
  copy.setAttribute('color', '#111827')
  copy.removeAttribute('class')
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect')
  background.setAttribute('width', '100%')
  background.setAttribute('height', '100%')
  background.setAttribute('fill', '#ffffff')
  copy.insertBefore(background, copy.firstChild)
  return new XMLSerializer().serializeToString(copy)
}

export function exportSvg(svg: SVGSVGElement): void {
  download(`topicscope-qos-${stamp()}.svg`, standaloneSvg(svg), 'image/svg+xml')
}

/** Draws the standalone SVG on a canvas at twice its size (sharp on slides) and saves it as PNG. */
export async function exportPng(svg: SVGSVGElement): Promise<void> {
  const image = new Image()
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(standaloneSvg(svg))}`
  await image.decode()
  const canvas = document.createElement('canvas')
  canvas.width = svg.width.baseVal.value * 2
  canvas.height = svg.height.baseVal.value * 2
  const context = canvas.getContext('2d')
  if (context === null) throw new ExportFailure('lab.export.noCanvas')
  context.scale(2, 2)
  context.drawImage(image, 0, 0)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  if (blob === null) throw new ExportFailure('lab.export.noPng')
  download(`topicscope-qos-${stamp()}.png`, blob)
}

export function exportMermaid(events: readonly TraceEvent[], lanes: { left: string[]; right: string[] }): void {
  download(`topicscope-qos-${stamp()}.mmd`, toMermaid(events, lanes), 'text/plain')
}

export function exportJson(events: readonly TraceEvent[]): void {
  download(`topicscope-trace-${stamp()}.json`, JSON.stringify({ format: 'topicscope-trace', version: 1, events }, null, 2))
}
