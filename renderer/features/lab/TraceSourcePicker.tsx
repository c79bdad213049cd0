// Whose packets the lab draws: the embedded broker's (every client, from its observer hooks) or one of the
// app's own connections to another broker (from MQTT.js packet events, seen from this side). A traced
// connection that is closed falls back to the embedded broker, and says so.
import { useEffect, useState, type ReactElement } from 'react'
import { EMBEDDED_BROKER_PROFILE_ID } from '../../../shared/model/connection-profile'
import { EMBEDDED_TRACE } from '../../../shared/model/lab-trace'
import { useT } from '../../i18n/use-t'
import { useExplorerConnections } from '../../store/explorer-store'
import { labStore, useLab } from '../../store/lab-store'

export function TraceSourcePicker(): ReactElement {
  const t = useT()
  const source = useLab((s) => s.source)
  const seenFromThisSide = useLab((s) => s.seenFromThisSide)
  // The Explorer's own connection to the embedded broker is in the embedded trace already (and an id equal
  // to the embedded trace's name could not be told apart from it).
  const connections = useExplorerConnections().filter((c) => c.id !== EMBEDDED_BROKER_PROFILE_ID && c.id !== EMBEDDED_TRACE)
  const traced = connections.find((c) => c.id === source)
  const [gone, setGone] = useState(false)
  useEffect(() => {
    if (source === EMBEDDED_TRACE || traced !== undefined) return
    setGone(true)
    void labStore.getState().setSource(EMBEDDED_TRACE)
  }, [source, traced])
  return (
    <div className="lab-source">
      <label>
        {t('lab.source')}{' '}
        <select value={source} data-testid="lab-source" onChange={(e) => { setGone(false); void labStore.getState().setSource(e.target.value) }}>
          <option value={EMBEDDED_TRACE}>{t('lab.source.embedded')}</option>
          {connections.map((c) => <option key={c.id} value={c.id}>{t('lab.source.connection', { name: c.name, url: c.url })}</option>)}
        </select>
      </label>
      {gone && <p className="hint" role="status" data-testid="lab-source-gone">{t('lab.sourceGone')}</p>}
      {seenFromThisSide && traced !== undefined && (
        <p className="lab-this-side" role="note" data-testid="lab-seen-from-this-side">{t('lab.seenFromThisSide', { url: traced.url })}</p>
      )}
    </div>
  )
}
