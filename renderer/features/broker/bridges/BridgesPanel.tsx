// The embedded broker's bridges to remote brokers: each with its state (and why it is not connected,
// with the next attempt), its queue on the embedded broker against the queue limit, and its counters;
// add, edit, pause or remove one (removing discards its queue, after a confirmation).
import { useEffect, useState, type ReactElement } from 'react'
import type { BridgeView } from '../../../../shared/model/bridge'
import { describeError } from '../../../i18n/describe-error'
import { useLanguage, useT } from '../../../i18n/use-t'
import { bridgesStore, useBridges } from '../../../store/bridges-store'
import { useNow } from '../../../ui/use-now'
import { formatCount } from '../../explorer/format-topic'
import { BridgeForm } from './BridgeForm'

function StateCell({ bridge, now }: { bridge: BridgeView; now: number }): ReactElement {
  const t = useT()
  const s = bridge.status
  return (
    <td>
      <span className={`bridge-state bridge-state-${s.state}`} data-testid={`bridge-state-${bridge.config.id}`}>{t(`broker.bridges.state.${s.state}`)}</span>
      {s.state === 'waiting' && s.retryAt !== null && <span className="hint"> {t('broker.bridges.retryIn', { seconds: String(Math.max(0, Math.ceil((s.retryAt - now) / 1000))) })}</span>}
      {s.lastError !== null && s.state !== 'connected' && <div className="field-error">{s.lastError}</div>}
    </td>
  )
}

export function BridgesPanel(): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const bridges = useBridges((s) => s.bridges)
  const error = useBridges((s) => s.error)
  const [editing, setEditing] = useState<BridgeView | 'new' | null>(null)
  const [removing, setRemoving] = useState<BridgeView | null>(null)
  const now = useNow(bridges?.some((b) => b.status.state === 'waiting') === true, 1000)
  useEffect(() => void bridgesStore.getState().refresh(), [])
  const n = (x: number): string => formatCount(x, lang)
  const toggle = (b: BridgeView): void => {
    const { hasPassword: _kept, ...config } = b.config
    void bridgesStore.getState().save({ ...config, enabled: !config.enabled })
  }
  return (
    <div className="bridges">
      <p className="hint">{t('broker.bridges.about')}</p>
      {error !== null && <p className="field-error" role="status">{describeError(error, t)}</p>}
      {bridges !== null && bridges.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="bridges-table">
            <thead><tr>
              <th>{t('broker.bridges.name')}</th><th>{t('broker.bridges.remote')}</th><th>{t('broker.bridges.stateTitle')}</th>
              <th>{t('broker.bridges.queued')}</th><th>{t('broker.bridges.sent')}</th><th>{t('broker.bridges.received')}</th>
              <th>{t('broker.bridges.reconnects')}</th><th>{t('broker.bridges.dropped')}</th><th />
            </tr></thead>
            <tbody>{bridges.map((b) => (
              <tr key={b.config.id} data-testid={`bridge-row-${b.config.id}`}>
                <td>{b.config.name}<div className="hint">{b.config.topics.length} {t('broker.bridges.rules')}</div></td>
                <td><code>{b.config.url}</code><div className="hint">{b.config.protocolVersion === 5 ? 'MQTT 5' : 'MQTT 3.1.1'} · <code>{b.config.clientId}</code></div></td>
                <StateCell bridge={b} now={now} />
                <td data-testid={`bridge-queued-${b.config.id}`}>{n(b.status.queued)}/{n(b.status.queuedMax)}</td>
                <td>{n(b.status.sent)}</td><td>{n(b.status.received)}</td><td>{n(b.status.reconnects)}</td><td>{n(b.status.dropped)}</td>
                <td><div className="button-row">
                  <button type="button" className="button button-small" onClick={() => setEditing(b)} data-testid={`bridge-edit-${b.config.id}`}>{t('broker.bridges.edit')}</button>
                  <button type="button" className="button button-small" onClick={() => toggle(b)}>{t(b.config.enabled ? 'broker.bridges.pause' : 'broker.bridges.resume')}</button>
                  <button type="button" className="button button-small button-danger" onClick={() => setRemoving(b)} data-testid={`bridge-remove-${b.config.id}`}>{t('broker.bridges.remove')}</button>
                </div></td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
      {bridges !== null && bridges.length === 0 && editing === null && <p className="hint">{t('broker.bridges.none')}</p>}
      {removing !== null && (
        <div className="confirm-box" role="alertdialog" data-testid="bridge-remove-confirm">
          <p>{t('broker.bridges.removeConfirm', { name: removing.config.name, queued: n(removing.status.queued) })}</p>
          <div className="button-row">
            <button type="button" className="button button-danger" data-testid="bridge-remove-yes" onClick={() => { void bridgesStore.getState().remove(removing.config.id); setRemoving(null) }}>{t('broker.bridges.remove')}</button>
            <button type="button" className="button" onClick={() => setRemoving(null)}>{t('broker.bridges.cancel')}</button>
          </div>
        </div>
      )}
      {editing === null
        ? <div className="button-row"><button type="button" className="button" data-testid="bridge-add" onClick={() => setEditing('new')}>{t('broker.bridges.add')}</button></div>
        : <BridgeForm key={editing === 'new' ? 'new' : editing.config.id} editing={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
    </div>
  )
}
