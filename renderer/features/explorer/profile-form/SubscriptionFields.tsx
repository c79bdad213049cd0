// What the connection subscribes to: none listed means every topic ('#' and '$SYS/#'), which is what an
// explorer usually wants; a list narrows it, each with its QoS and, on MQTT 5, its subscription options.
import type { ReactElement } from 'react'
import type { DefaultSubscription } from '../../../../shared/model/connection-profile'
import { useT } from '../../../i18n/use-t'
import { editProfile, type DraftProps } from './draft-props'

export function SubscriptionFields({ draft, update }: DraftProps): ReactElement {
  const t = useT()
  const subs = draft.profile.defaultSubscriptions
  const v5 = draft.profile.protocolVersion === 5
  const set = (next: DefaultSubscription[]): void => editProfile(update, { defaultSubscriptions: next })
  const change = (i: number, fields: Partial<DefaultSubscription>): void => set(subs.map((s, j) => (j === i ? { ...s, ...fields } : s)))
  return (
    <details className="form-section" data-testid="conn-section-subscriptions">
      <summary>{t('explorer.form.section.subscriptions')}</summary>
      {subs.length === 0 && <p className="hint">{t('explorer.form.subscriptionsAll')}</p>}
      {subs.map((s, i) => (
        <div className="subscription-row" key={i}>
          <input aria-label={t('explorer.form.filter')} value={s.filter} spellCheck={false} data-testid={`conn-sub-filter-${i}`}
            onChange={(e) => change(i, { filter: e.target.value })} />
          <select aria-label="QoS" value={s.qos} data-testid={`conn-sub-qos-${i}`} onChange={(e) => change(i, { qos: Number(e.target.value) as 0 | 1 | 2 })}>
            <option value={0}>QoS 0</option><option value={1}>QoS 1</option><option value={2}>QoS 2</option>
          </select>
          {v5 && (
            <>
              <label className="inline-check"><input type="checkbox" checked={s.noLocal} onChange={(e) => change(i, { noLocal: e.target.checked })} /> {t('explorer.form.noLocal')}</label>
              <label className="inline-check"><input type="checkbox" checked={s.retainAsPublished} onChange={(e) => change(i, { retainAsPublished: e.target.checked })} /> {t('explorer.form.retainAsPublished')}</label>
              <select aria-label={t('explorer.form.retainHandling')} value={s.retainHandling} onChange={(e) => change(i, { retainHandling: Number(e.target.value) as 0 | 1 | 2 })}>
                <option value={0}>{t('explorer.form.retainHandling.0')}</option>
                <option value={1}>{t('explorer.form.retainHandling.1')}</option>
                <option value={2}>{t('explorer.form.retainHandling.2')}</option>
              </select>
            </>
          )}
          <button type="button" className="button button-small" onClick={() => set(subs.filter((_, j) => j !== i))}>{t('publish.props.removeUser')}</button>
        </div>
      ))}
      <button type="button" className="button button-small" data-testid="conn-sub-add"
        onClick={() => set([...subs, { filter: '', qos: 2, noLocal: false, retainAsPublished: true, retainHandling: 0 }])}>{t('explorer.form.addSubscription')}</button>
    </details>
  )
}
