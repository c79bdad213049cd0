// The MQTT 5 properties a message arrived with, each under its own name: user properties as pairs in wire
// order (a name may repeat), correlation data as text when it is text (else hex), subscription ids as a list.
import type { ReactElement } from 'react'
import { translateCount } from '../../../../shared/i18n/translate'
import type { MessageProperties as Properties } from '../../../../shared/model/message-properties'
import { useLanguage, useT } from '../../../i18n/use-t'
import { InfoList, type InfoItem } from '../../../ui/InfoList'
import { asText } from './payload-views'

/** True when the message carries at least one property worth a section. */
export function hasProperties(p: Properties | null): p is Properties {
  return p !== null && Object.values(p).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0))
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')

export function MessageProperties({ properties: p }: { properties: Properties }): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const items: InfoItem[] = []
  if (p.contentType !== undefined) items.push({ label: t('explorer.props.contentType'), value: p.contentType, code: true })
  if (p.payloadFormatIndicator !== undefined) items.push({ label: t('explorer.props.payloadFormat'), value: t(p.payloadFormatIndicator ? 'explorer.props.utf8' : 'explorer.props.bytes') })
  if (p.messageExpiryIntervalS !== undefined) items.push({ label: t('explorer.props.messageExpiry'), value: translateCount(lang, 'explorer.props.seconds', p.messageExpiryIntervalS) })
  if (p.responseTopic !== undefined) items.push({ label: t('explorer.props.responseTopic'), value: p.responseTopic, code: true })
  if (p.correlationData !== undefined) items.push({ label: t('explorer.props.correlationData'), value: asText(p.correlationData) ?? hex(p.correlationData), code: true })
  if (p.subscriptionIds !== undefined && p.subscriptionIds.length > 0) items.push({ label: t('explorer.props.subscriptionIds'), value: p.subscriptionIds.join(', ') })
  const user = p.userProperties ?? []
  return (
    <div data-testid="message-properties">
      {items.length > 0 && <InfoList items={items} />}
      {user.length > 0 && (
        <table className="user-properties">
          <caption>{t('explorer.props.user')}</caption>
          <thead><tr><th>{t('explorer.props.user.name')}</th><th>{t('explorer.props.user.value')}</th></tr></thead>
          <tbody>{user.map(({ key, value }, i) => <tr key={i}><td className="code">{key}</td><td className="code">{value}</td></tr>)}</tbody>
        </table>
      )}
    </div>
  )
}
