// A connection's name as the page shows it: the embedded broker's is the backend's fixed English name,
// so it is translated here; the user's own connections keep the name they gave.
import { EMBEDDED_BROKER_PROFILE_ID } from '../../../shared/model/connection-profile'
import type { Translate } from '../../i18n/use-t'

export function connectionName(id: string, name: string, t: Translate): string {
  return id === EMBEDDED_BROKER_PROFILE_ID ? t('explorer.embeddedBrokerName') : name
}
