// The broker console's retained store: every retained message the embedded broker holds, filtered by an
// MQTT filter or a prefix, a page at a time; delete one, or every one the filter matches after a preview
// that names them; undo puts back exactly what went. The tree beside the table picks a subtree.
import type { ReactElement } from 'react'
import { translateCount } from '../../../shared/i18n/translate'
import { describeError } from '../../i18n/describe-error'
import { useLanguage, useT } from '../../i18n/use-t'
import { RETAINED_PAGE_SIZE, retainedAdminStore, useRetainedAdmin } from '../../store/retained-admin-store'
import { formatBytes, formatCount, formatTime } from '../explorer/format-topic'
import { RetainedTree } from './RetainedTree'

const NAMED = 8

export function RetainedPanel(): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const filter = useRetainedAdmin((s) => s.filter)
  const offset = useRetainedAdmin((s) => s.offset)
  const page = useRetainedAdmin((s) => s.page)
  const phase = useRetainedAdmin((s) => s.phase)
  const error = useRetainedAdmin((s) => s.error)
  const store = retainedAdminStore.getState()
  const n = (x: number): string => formatCount(x, lang)
  return (
    <div className="retained-admin">
      <div className="clients-controls">
        <input type="search" value={filter} placeholder={t('broker.retained.filter')} aria-label={t('broker.retained.filter')} data-testid="retained-filter"
          onChange={(e) => void store.setFilter(e.target.value)} />
        {page !== null && (
          <span className="hint" data-testid="retained-count">
            {t('broker.retained.count', { total: n(page.total), held: n(page.held), bytes: formatBytes(page.heldBytes, lang) })}
          </span>
        )}
        <button type="button" className="button button-small" data-testid="retained-delete-all" disabled={page === null || page.total === 0}
          onClick={() => void store.ask(null)}>{t('broker.retained.deleteMatching')}</button>
      </div>
      {error !== null && <p className="field-error" role="status">{describeError(error, t)}</p>}
      {phase.kind === 'confirm' && (
        <div className="confirm-box" role="alertdialog" data-testid="retained-confirm">
          <p>{translateCount(lang, 'broker.retained.confirm', phase.topics.length, { count: n(phase.topics.length), what: phase.label })}</p>
          <ul className="confirm-topics">
            {phase.topics.slice(0, NAMED).map((topic) => <li key={topic}><code>{topic}</code></li>)}
            {phase.topics.length > NAMED && <li className="hint">{translateCount(lang, 'retained.confirm.more', phase.topics.length - NAMED, { count: n(phase.topics.length - NAMED) })}</li>}
          </ul>
          <p className="hint">{t('retained.confirm.why')}</p>
          <div className="button-row">
            <button type="button" className="button button-danger" data-testid="retained-confirm-yes" disabled={phase.topics.length === 0}
              onClick={() => void store.confirm()}>{translateCount(lang, 'retained.confirm.yes', phase.topics.length, { count: n(phase.topics.length) })}</button>
            <button type="button" className="button" onClick={() => store.cancel()}>{t('retained.confirm.no')}</button>
          </div>
        </div>
      )}
      {phase.kind === 'deleted' && (
        <p className="hint" role="status" data-testid="retained-result">
          {translateCount(lang, 'retained.cleared', phase.deleted, { count: n(phase.deleted) })}{' '}
          {phase.deleted > 0 && <button type="button" className="button button-small" data-testid="retained-undo" onClick={() => void store.undo()}>{translateCount(lang, 'retained.undo', phase.deleted, { count: n(phase.deleted) })}</button>}
        </p>
      )}
      {phase.kind === 'restored' && (
        <p className="hint" role="status" data-testid="retained-result">
          {translateCount(lang, 'retained.restored', phase.restored, { count: n(phase.restored) })}
          {phase.skipped > 0 && <> {t('broker.retained.skipped', { count: n(phase.skipped) })}</>}
        </p>
      )}
      <div className="retained-split">
      <RetainedTree />
      <div className="table-scroll">
        <table className="data-table" data-testid="retained-table">
          <thead><tr><th>{t('publish.topic')}</th><th>{t('broker.client.size')}</th><th>QoS</th><th>{t('broker.client.publisher')}</th><th>{t('broker.retained.received')}</th><th>{t('broker.client.expiry')}</th><th>{t('broker.retained.preview')}</th><th /></tr></thead>
          <tbody>{page?.rows.map((r) => (
            <tr key={r.topic} data-testid="retained-row">
              <td><code>{r.topic}</code></td><td>{formatBytes(r.sizeBytes, lang)}</td><td>{r.qos}</td><td>{r.publisher === null ? '—' : <code>{r.publisher}</code>}</td>
              <td>{formatTime(r.receivedAt, lang, Date.now())}</td><td>{r.expiresAt === null ? t('broker.clients.never') : formatTime(r.expiresAt, lang, Date.now())}</td>
              <td className="retained-preview">{r.preview ?? '—'}</td>
              <td><button type="button" className="button button-small" data-testid={`retained-delete-${r.topic}`} onClick={() => void store.ask(r.topic)}>{t('broker.retained.delete')}</button></td>
            </tr>
          ))}</tbody>
        </table>
      </div>
      </div>
      {page !== null && page.total > RETAINED_PAGE_SIZE && (
        <div className="button-row">
          <button type="button" className="button button-small" disabled={offset === 0} onClick={() => void store.setOffset(offset - RETAINED_PAGE_SIZE)}>{t('broker.clients.previous')}</button>
          <button type="button" className="button button-small" disabled={offset + page.rows.length >= page.total} onClick={() => void store.setOffset(offset + RETAINED_PAGE_SIZE)}>{t('broker.clients.next')}</button>
        </div>
      )}
    </div>
  )
}
