// A two-column list of labelled facts (version, paths…). Values can be selected and copied; paths use
// the monospace font and wrap anywhere so a long folder never widens the page.
import type { ReactElement, ReactNode } from 'react'

export interface InfoItem {
  label: string
  value: ReactNode
  /** Monospace and wrap anywhere: for paths and versions. */
  code?: boolean
}

export function InfoList({ items }: { items: readonly InfoItem[] }): ReactElement {
  return (
    <dl className="info-list">
      {items.map((item) => (
        <div className="info-row" key={item.label}>
          <dt>{item.label}</dt>
          <dd className={item.code === true ? 'code' : undefined}>{item.value}</dd>
        </div>
      ))}
    </dl>
  )
}
