// What the Explorer shows before any message: how to publish one to the embedded broker (its real URL),
// or that there is no connection yet. Never a blank page.
import type { ReactElement } from 'react'
import { useT } from '../../i18n/use-t'
import { useConnectionsLoaded, useExplorerConnections } from '../../store/explorer-store'
import { hostAndPort } from './format-topic'

export function ExplorerEmpty(): ReactElement {
  const t = useT()
  const loaded = useConnectionsLoaded()
  const connections = useExplorerConnections()
  const first = connections[0]
  const target = first === undefined ? null : hostAndPort(first.url)
  return (
    <div className="explorer-empty" data-testid="explorer-empty">
      {!loaded && <p className="hint">{t('explorer.loading')}</p>}
      {loaded && first === undefined && <p>{t('explorer.empty.noConnection')}</p>}
      {first !== undefined && (
        <>
          <h2>{t('explorer.empty.title')}</h2>
          <p>{t('explorer.empty.body', { url: first.url })}</p>
          {target !== null && (
            <pre className="command">mosquitto_pub -h {target.host} -p {target.port} -t home/test -m hello</pre>
          )}
        </>
      )}
    </div>
  )
}
