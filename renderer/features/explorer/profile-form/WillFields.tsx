// The Will: a message the broker publishes for this connection if it ends without a DISCONNECT
// [MQTT-3.1.2-8]. Topic, payload, QoS, retain, and on MQTT 5 its will properties [MQTT-3.1.3.2].
import type { ReactElement } from 'react'
import { useT } from '../../../i18n/use-t'
import { CheckboxField } from '../../../ui/CheckboxField'
import { SelectField } from '../../../ui/SelectField'
import { TextField } from '../../../ui/TextField'
import { UserPropertiesEditor } from '../../publish/UserPropertiesEditor'
import { emptyWill } from '../profile-draft'
import { editNumber, editProfile, type DraftProps } from './draft-props'

export function WillFields({ draft, update }: DraftProps): ReactElement {
  const t = useT()
  const { profile, numbers } = draft
  const will = profile.will
  const editWill = (fields: Partial<NonNullable<typeof will>>): void => { if (will !== null) editProfile(update, { will: { ...will, ...fields } }) }
  const editProps = (fields: Partial<NonNullable<typeof will>['properties']>): void => { if (will !== null) editWill({ properties: { ...will.properties, ...fields } }) }
  return (
    <details className="form-section" data-testid="conn-section-will">
      <summary>{t('explorer.form.section.will')}</summary>
      <CheckboxField label={t('explorer.form.willOn')} checked={will !== null} testId="conn-will"
        onChange={(on) => editProfile(update, { will: on ? emptyWill() : null })} />
      {will !== null && (
        <>
          <TextField label={t('explorer.form.willTopic')} value={will.topic} placeholder="devices/lab-client/status" testId="conn-will-topic"
            onChange={(topic) => editWill({ topic })} />
          <TextField label={t('explorer.form.willPayload')} value={will.payload} placeholder="offline" testId="conn-will-payload"
            onChange={(payload) => editWill({ payload })} />
          <SelectField label={t('publish.qos')} value={String(will.qos) as '0' | '1' | '2'} testId="conn-will-qos"
            options={[{ value: '0', label: t('publish.qos.0') }, { value: '1', label: t('publish.qos.1') }, { value: '2', label: t('publish.qos.2') }]}
            onChange={(v) => editWill({ qos: Number(v) as 0 | 1 | 2 })} />
          <CheckboxField label={t('publish.retain')} checked={will.retain} testId="conn-will-retain" onChange={(retain) => editWill({ retain })} />
          {profile.protocolVersion === 5 && (
            <>
              <TextField label={t('explorer.form.willDelay')} value={numbers.willDelayS} placeholder="0" testId="conn-will-delay"
                onChange={(text) => editNumber(update, 'willDelayS', text)} />
              <TextField label={t('publish.props.expiry')} value={numbers.willExpiryS} testId="conn-will-expiry"
                onChange={(text) => editNumber(update, 'willExpiryS', text)} />
              <TextField label={t('explorer.props.contentType')} value={will.properties.contentType ?? ''} testId="conn-will-content-type"
                onChange={(contentType) => editProps({ contentType: contentType === '' ? null : contentType })} />
              <TextField label={t('explorer.props.responseTopic')} value={will.properties.responseTopic ?? ''} testId="conn-will-response-topic"
                onChange={(responseTopic) => editProps({ responseTopic: responseTopic === '' ? null : responseTopic })} />
              <TextField label={t('explorer.props.correlationData')} value={will.properties.correlationData ?? ''} testId="conn-will-correlation"
                onChange={(correlationData) => editProps({ correlationData: correlationData === '' ? null : correlationData })} />
              <CheckboxField label={t('publish.props.utf8')} checked={will.properties.payloadFormatIndicator === true}
                onChange={(on) => editProps({ payloadFormatIndicator: on ? true : null })} />
              <UserPropertiesEditor value={will.properties.userProperties} onChange={(userProperties) => editProps({ userProperties })} />
            </>
          )}
        </>
      )}
    </details>
  )
}
