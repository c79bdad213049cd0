// The broker console's overview: uptime, clients connected and offline with a session, messages and bytes
// per second in and out, retained messages and subscriptions; dropped messages by reason; plots of the last
// 15 minutes (one sample per second).
import type { ReactElement } from 'react'
import { DROP_REASON_KEYS } from './drop-reasons'
import { describeError } from '../../i18n/describe-error'
import { useLanguage, useT } from '../../i18n/use-t'
import { useOverview } from '../../store/overview-store'
import { formatBytes, formatCount } from '../explorer/format-topic'
import { formatUptime } from '../shell/format-status'
import { Sparkline } from './Sparkline'

export function OverviewPanel(): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const overview = useOverview((s) => s.overview)
  const error = useOverview((s) => s.error)
  if (overview === null) return error === null ? <p className="hint">{t('explorer.message.loading')}</p> : <p className="field-error">{describeError(error, t)}</p>
  const n = (x: number): string => formatCount(x, lang)
  const perSec = (x: number): string => t('broker.overview.perSec', { value: n(x) })
  const bytesPerSec = (x: number): string => t('broker.overview.perSec', { value: formatBytes(x, lang) })
  const { now, samples } = overview
  const series = (pick: (s: typeof now) => number): number[] => samples.map(pick)
  const maxOf = (values: number[]): number => Math.max(0, ...values)
  const tiles: Array<[string, string, string]> = [
    [t('broker.overview.uptime'), formatUptime(now.at - overview.startedAt, t), 'uptime'],
    [t('broker.overview.connected'), n(now.clientsConnected), 'connected'],
    [t('broker.overview.offline'), n(now.offlineSessions), 'offline'],
    [t('broker.overview.in'), perSec(now.messagesInPerSec), 'in'],
    [t('broker.overview.out'), perSec(now.messagesOutPerSec), 'out'],
    [t('broker.overview.bytes'), `${bytesPerSec(now.bytesInPerSec)} / ${bytesPerSec(now.bytesOutPerSec)}`, 'bytes'],
    [t('broker.overview.retained'), n(now.retained), 'retained'],
    [t('broker.overview.subscriptions'), n(now.subscriptions), 'subscriptions'],
  ]
  const inRates = series((s) => s.messagesInPerSec)
  const outRates = series((s) => s.messagesOutPerSec)
  const clients = series((s) => s.clientsConnected)
  const bytesIn = series((s) => s.bytesInPerSec)
  const totalDropped = Object.values(overview.dropped).reduce((a, b) => a + b, 0)
  return (
    <div className="overview" data-testid="broker-overview">
      <dl className="overview-tiles">
        {tiles.map(([label, value, id]) => <div key={id} className="overview-tile"><dt>{label}</dt><dd data-testid={`overview-${id}`}>{value}</dd></div>)}
      </dl>
      <div className="overview-plots">
        <Sparkline label={t('broker.overview.in')} values={inRates} latest={perSec(now.messagesInPerSec)} max={perSec(maxOf(inRates))} testId="plot-in" />
        <Sparkline label={t('broker.overview.out')} values={outRates} latest={perSec(now.messagesOutPerSec)} max={perSec(maxOf(outRates))} testId="plot-out" />
        <Sparkline label={t('broker.overview.connected')} values={clients} latest={n(now.clientsConnected)} max={n(maxOf(clients))} />
        <Sparkline label={t('broker.overview.bytesIn')} values={bytesIn} latest={bytesPerSec(now.bytesInPerSec)} max={bytesPerSec(maxOf(bytesIn))} />
      </div>
      <p className="hint">{samples.length < 120 ? t('broker.overview.windowSeconds', { seconds: samples.length }) : t('broker.overview.window', { minutes: Math.round(samples.length / 60) })}</p>
      <h3 className="details-subtitle">{t('broker.overview.dropped', { count: n(totalDropped) })}</h3>
      <ul className="drop-list" data-testid="overview-dropped">
        {DROP_REASON_KEYS.map(([reason, key]) => <li key={reason}><span>{t(key)}</span> <strong>{n(overview.dropped[reason])}</strong></li>)}
      </ul>
    </div>
  )
}
