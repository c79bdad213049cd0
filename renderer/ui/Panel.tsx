// A titled card that groups related content inside a view.
import type { ReactElement, ReactNode } from 'react'

export function Panel({ title, children }: { title: string; children: ReactNode }): ReactElement {
  return (
    <section className="panel">
      <h2 className="panel-title">{title}</h2>
      {children}
    </section>
  )
}
