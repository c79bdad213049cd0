// The lab's fault rules: what the broker does to chosen packets of a client, on either side, from now on;
// with how often each rule struck, and the packets held in step mode waiting to be released.
import { useState, type ReactElement } from 'react'
import type { FaultAction } from '../../../shared/model/lab-sim'
import { useT } from '../../i18n/use-t'
import { labSimStore, useLabSim } from '../../store/lab-sim-store'
import { PACKET_TYPES } from './TraceFilters'

const ACTIONS: FaultAction[] = ['drop-next', 'drop-all', 'delay', 'duplicate', 'cut-after', 'hold', 'refuse-connect']

/** The classroom's usual faults, one click to fill the form (the client is kept). */
export const FAULT_PRESETS = [
  // The broker hears the PINGREQ but never answers: the client gives up on keep-alive, no DISCONNECT.
  { id: 'no-pingresp', action: 'drop-all', cmd: 'pingresp', direction: 'out' },
  // The subscriber's PUBACK is lost: the broker sends the message again with DUP.
  { id: 'lose-puback', action: 'drop-next', cmd: 'puback', direction: 'in' },
  // The network fails between the two halves of QoS 2.
  { id: 'cut-after-pubrec', action: 'cut-after', cmd: 'pubrec', direction: 'out' },
  { id: 'lose-pubrel', action: 'drop-next', cmd: 'pubrel', direction: 'in' },
  { id: 'step-publish', action: 'hold', cmd: 'publish', direction: 'out' },
] as const satisfies ReadonlyArray<{ id: string; action: FaultAction; cmd: string; direction: 'in' | 'out' }>

export function FaultsPanel({ clientIds }: { clientIds: string[] }): ReactElement {
  const t = useT()
  const faults = useLabSim((s) => s.sim.faults)
  const held = useLabSim((s) => s.sim.held)
  const [clientId, setClientId] = useState('*')
  const [direction, setDirection] = useState<'in' | 'out'>('in')
  const [cmd, setCmd] = useState('puback')
  const [action, setAction] = useState<FaultAction>('drop-next')
  const [delayMs, setDelayMs] = useState('1000')
  const store = labSimStore.getState()
  const refusing = action === 'refuse-connect'
  return (
    <section className="lab-panel" aria-label={t('lab.faults.title')}>
      <h2 className="panel-title">{t('lab.faults.title')}</h2>
      <p className="hint">{t('lab.faults.about')}</p>
      <div className="button-row lab-presets" role="group" aria-label={t('lab.faults.presets')}>
        <span className="hint">{t('lab.faults.presets')}</span>
        {FAULT_PRESETS.map((p) => (
          <button key={p.id} type="button" className="button button-small" data-testid={`lab-fault-preset-${p.id}`}
            onClick={() => { setAction(p.action); setCmd(p.cmd); setDirection(p.direction) }}>{t(`lab.faults.preset.${p.id}`)}</button>
        ))}
      </div>
      <form className="lab-form" onSubmit={(e) => {
        e.preventDefault()
        void store.addFault({ clientId, direction: refusing ? 'in' : direction, cmd: refusing ? 'connect' : cmd, action, delayMs: action === 'delay' ? Number(delayMs) : 0 })
      }}>
        <select value={clientId} aria-label={t('lab.filter.client')} data-testid="lab-fault-client" onChange={(e) => setClientId(e.target.value)}>
          <option value="*">{t('lab.filter.allClients')}</option>
          {clientIds.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
        <select value={action} aria-label={t('lab.faults.action')} data-testid="lab-fault-action" onChange={(e) => setAction(e.target.value as FaultAction)}>
          {ACTIONS.map((a) => <option key={a} value={a}>{t(`lab.faults.action.${a}`)}</option>)}
        </select>
        {!refusing && (
          <>
            <select value={cmd} aria-label={t('lab.filter.types')} data-testid="lab-fault-cmd" onChange={(e) => setCmd(e.target.value)}>
              <option value="*">{t('lab.faults.anyPacket')}</option>
              {PACKET_TYPES.map((c) => <option key={c} value={c}>{c.toUpperCase()}</option>)}
            </select>
            <select value={direction} aria-label={t('lab.faults.direction')} data-testid="lab-fault-direction" onChange={(e) => setDirection(e.target.value as 'in' | 'out')}>
              <option value="in">{t('lab.faults.in')}</option><option value="out">{t('lab.faults.out')}</option>
            </select>
          </>
        )}
        {action === 'delay' && <label className="lab-check"><input type="number" min={0} max={600000} value={delayMs} className="lab-small" onChange={(e) => setDelayMs(e.target.value)} /> ms</label>}
        <button type="submit" className="button button-small button-primary" data-testid="lab-fault-add">{t('lab.faults.add')}</button>
      </form>
      <ul className="lab-rules" data-testid="lab-faults">
        {faults.map((f) => (
          <li key={f.id}>
            {t(`lab.faults.action.${f.action}`)}{f.action === 'delay' ? ` ${f.delayMs} ms` : ''} · {f.cmd === '*' ? t('lab.faults.anyPacket') : f.cmd.toUpperCase()} · {t(f.direction === 'in' ? 'lab.faults.in' : 'lab.faults.out')} · {f.clientId === '*' ? t('lab.filter.allClients') : f.clientId}
            {' '}<span className="hint">{t('lab.faults.hits', { count: String(f.hits) })}</span>{' '}
            <button type="button" className="button button-small" onClick={() => void store.removeFault(f.id)}>{t('lab.faults.remove')}</button>
          </li>
        ))}
      </ul>
      {held.length > 0 && (
        <div className="lab-held" data-testid="lab-held">
          <strong>{t('lab.faults.held', { count: String(held.length) })}</strong>
          <ul>{held.map((h) => (
            <li key={h.id}>
              {h.cmd.toUpperCase()}{h.packetId === null ? '' : ` #${h.packetId}`} · {t(h.direction === 'in' ? 'lab.faults.in' : 'lab.faults.out')} · {h.clientId}{' '}
              <button type="button" className="button button-small" data-testid={`lab-release-${h.id}`} onClick={() => void store.release(h.id)}>{t('lab.faults.release')}</button>
            </li>
          ))}</ul>
          <button type="button" className="button button-small" onClick={() => void store.release('all')}>{t('lab.faults.releaseAll')}</button>
        </div>
      )}
    </section>
  )
}
