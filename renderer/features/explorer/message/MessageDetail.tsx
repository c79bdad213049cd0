// One message in full: when it arrived and how (QoS, retain, DUP, packet id), its payload in the view
// that fits (JSON, text, hex or base64, switchable), its MQTT 5 properties and what changed since the
// message before. A cut preview says so, with the full size, and fetches the whole payload on request.
import { useState, type ReactElement } from 'react'
import type { HistoryMessage } from '../../../../shared/model/history'
import { useLanguage, useT } from '../../../i18n/use-t'
import { CopyButton } from '../../../ui/CopyButton'
import { formatBytes, formatTime } from '../format-topic'
import { MessageDiff } from './MessageDiff'
import { hasProperties, MessageProperties } from './MessageProperties'
import { PayloadBody, payloadText } from './PayloadBody'
import { availableViews, type PayloadView } from './payload-views'

export interface MessageDetailProps {
  message: HistoryMessage
  previous: HistoryMessage | null
  fetchingFull: boolean
  /** Fetches whole payloads of these message ids (this one, or this one and the previous for the diff). */
  onLoadFull(ids: number[]): void
}

export function MessageDetail({ message, previous, fetchingFull, onLoadFull }: MessageDetailProps): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const [chosen, setChosen] = useState<PayloadView | null>(null)
  const views = availableViews(message.payload, message.truncated)
  const view = chosen !== null && views.includes(chosen) ? chosen : views[0]!
  const flags = [
    `QoS ${message.qos}`,
    ...(message.retain ? [t('explorer.message.retain')] : []),
    ...(message.dup ? ['DUP'] : []),
    ...(message.packetId === null ? [] : [t('explorer.message.packetId', { id: message.packetId })]),
  ]
  return (
    <section className="message-detail" data-testid="message-detail" aria-label={t('explorer.message.title')}>
      <div className="message-meta">
        <span data-testid="message-time">{formatTime(message.receivedAt, lang, Date.now())}</span>
        {flags.map((f) => <span key={f} className="badge">{f}</span>)}
        <span className="message-size" data-testid="message-size">{t('explorer.message.size', { size: formatBytes(message.payloadSize, lang), bytes: message.payloadSize })}</span>
      </div>
      {message.truncated && (
        <p className="hint details-cut" data-testid="message-cut">
          <span className="badge badge-cut">{t('explorer.preview.cut')}</span>{' '}
          {t('explorer.details.cut', { shown: formatBytes(message.payload.length, lang), size: formatBytes(message.payloadSize, lang) })}{' '}
          <button type="button" className="button button-small" data-testid="load-full" disabled={fetchingFull} onClick={() => onLoadFull([message.id])}>
            {fetchingFull ? t('explorer.message.loading') : t('explorer.message.loadFull', { size: formatBytes(message.payloadSize, lang) })}
          </button>
        </p>
      )}
      {message.payloadSize === 0 ? <p className="hint">{t('explorer.preview.empty')}</p> : (
        <>
          <div className="view-switch" role="radiogroup" aria-label={t('explorer.message.view')}>
            {views.map((v) => (
              <button key={v} type="button" role="radio" aria-checked={v === view} className={`button button-small${v === view ? ' is-on' : ''}`}
                data-testid={`view-${v}`} onClick={() => setChosen(v)}>{t(`explorer.view.${v}`)}</button>
            ))}
            <CopyButton label={t('explorer.message.copyPayload')} copiedLabel={t('copy.done')} failedLabel={t('copy.failed')}
              text={() => payloadText(message.payload, view, message.truncated)} testId="copy-payload" />
          </div>
          <PayloadBody payload={message.payload} view={view} truncated={message.truncated} />
        </>
      )}
      {hasProperties(message.properties) && (
        <>
          <h3 className="details-subtitle">{t('explorer.message.properties')}</h3>
          <MessageProperties properties={message.properties} />
        </>
      )}
      {previous !== null && (
        <>
          <h3 className="details-subtitle">{t('explorer.message.diff')}</h3>
          <MessageDiff before={previous} after={message} onLoadBoth={() => onLoadFull([message.id, previous.id])} />
        </>
      )}
    </section>
  )
}
