// The selected topic's messages, newest first: time, flags, size and a one-line preview each. Clicking one
// shows it in the detail above; "older" pages back through the store. Says how many the store holds.
import type { ReactElement } from 'react'
import { translateCount } from '../../../../shared/i18n/translate'
import { useLanguage, useT } from '../../../i18n/use-t'
import { historyStore, useHistory } from '../../../store/history-store'
import { describePayload, formatBytes, formatCount, formatTime, oneLine } from '../format-topic'

export function HistoryList(): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const messages = useHistory((s) => s.messages)
  const selectedId = useHistory((s) => s.selectedId)
  const hasOlder = useHistory((s) => s.hasOlder)
  const total = useHistory((s) => s.total)
  const loading = useHistory((s) => s.loading)
  const shownId = selectedId ?? messages[0]?.id ?? null
  const now = Date.now()
  return (
    <div className="history" data-testid="history">
      <p className="hint" data-testid="history-count">
        {total === null ? translateCount(lang, 'explorer.history.shown', messages.length, { count: formatCount(messages.length, lang) })
          : t('explorer.history.shownOf', { shown: formatCount(messages.length, lang), total: formatCount(total, lang) })}
      </p>
      <ol className="history-list">
        {messages.map((m) => {
          const preview = describePayload(m.payload, m.payloadSize, m.truncated)
          return (
            <li key={m.id}>
              <button type="button" className={`history-row${m.id === shownId ? ' is-selected' : ''}`} aria-current={m.id === shownId}
                data-testid="history-row" onClick={() => historyStore.getState().select(m.id === messages[0]?.id ? null : m.id)}>
                <span className="history-time">{formatTime(m.receivedAt, lang, now)}</span>
                <span className="badge">Q{m.qos}</span>
                {m.retain && <span className="badge badge-retained">R</span>}
                <span className="history-preview">{preview.kind === 'empty' ? t('explorer.preview.empty') : oneLine(preview.text)}</span>
                <span className="history-size">{formatBytes(m.payloadSize, lang)}</span>
              </button>
            </li>
          )
        })}
      </ol>
      {hasOlder && (
        <button type="button" className="button button-small" data-testid="history-older" disabled={loading}
          onClick={() => void historyStore.getState().loadOlder()}>{t('explorer.history.older')}</button>
      )}
    </div>
  )
}
