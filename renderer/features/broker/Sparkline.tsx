// A small line plot of one figure over the samples it gets (the last 15 minutes): an SVG polyline scaled
// to the largest value, with that maximum and the latest value as text, so the plot is read, not guessed.
import type { ReactElement } from 'react'
import { useT } from '../../i18n/use-t'

export interface SparklineProps {
  label: string
  values: readonly number[]
  /** The latest and the maximum value, formatted by the caller. */
  latest: string
  max: string
  testId?: string
}

const WIDTH = 300
const HEIGHT = 56

export function Sparkline({ label, values, latest, max, testId }: SparklineProps): ReactElement {
  const t = useT()
  const top = Math.max(1, ...values)
  const step = values.length > 1 ? WIDTH / (values.length - 1) : 0
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(HEIGHT - (v / top) * (HEIGHT - 4) - 2).toFixed(1)}`).join(' ')
  return (
    <figure className="sparkline" data-testid={testId}>
      <figcaption><span>{label}</span> <strong>{latest}</strong></figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`${label}: ${latest}, ${t('broker.overview.max', { max })}`}>
        {values.length > 1 && <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />}
      </svg>
      <div className="sparkline-max hint">{t('broker.overview.max', { max })}</div>
    </figure>
  )
}
