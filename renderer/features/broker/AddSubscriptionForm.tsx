// Adds a subscription to the client shown in the console: filter (checked as you type), QoS, and on an
// MQTT 5 session its options. The broker applies it as if the client had subscribed.
import { useState, type FormEvent, type ReactElement } from 'react'
import { findTopicFilterProblem } from '../../../shared/mqtt/topic'
import { describeTopicProblem } from '../../../shared/mqtt/topic-problem'
import { describeError } from '../../i18n/describe-error'
import { useLanguage, useT } from '../../i18n/use-t'
import { clientDetailStore } from '../../store/client-detail-store'

export function AddSubscriptionForm({ v5 }: { v5: boolean }): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const [filter, setFilter] = useState('')
  const [qos, setQos] = useState<0 | 1 | 2>(1)
  const [noLocal, setNoLocal] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const problem = filter === '' ? null : findTopicFilterProblem(filter)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const result = await clientDetailStore.getState().subscribe({ filter, qos, noLocal: v5 && noLocal, retainAsPublished: false, retainHandling: 0, subscriptionId: null })
    if (result.ok) setFilter('')
    setFailure(result.ok ? null : describeError(result.error, t))
  }
  return (
    <form className="clients-controls" onSubmit={(e) => void submit(e)}>
      <input value={filter} placeholder="home/#" aria-label={t('explorer.form.filter')} data-testid="client-sub-filter" onChange={(e) => setFilter(e.target.value)} />
      <select aria-label="QoS" value={qos} onChange={(e) => setQos(Number(e.target.value) as 0 | 1 | 2)} data-testid="client-sub-qos">
        <option value={0}>QoS 0</option><option value={1}>QoS 1</option><option value={2}>QoS 2</option>
      </select>
      {v5 && <label className="inline-check"><input type="checkbox" checked={noLocal} onChange={(e) => setNoLocal(e.target.checked)} /> {t('explorer.form.noLocal')}</label>}
      <button type="submit" className="button button-small" data-testid="client-sub-add" disabled={filter === '' || problem !== null}>{t('explorer.form.addSubscription')}</button>
      {problem !== null && <span className="field-error" role="alert">{describeTopicProblem(problem, lang)}</span>}
      {failure !== null && <span className="field-error" role="status">{failure}</span>}
    </form>
  )
}
