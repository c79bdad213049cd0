// The broker console's subscriptions: every filter with its subscribers (shared groups with their
// members), searchable and paged, and a tester that answers "who would receive a message on topic X?",
// checking the topic as the publish form does.
import { useState, type ReactElement } from 'react'
import { describeTopicProblem } from '../../../shared/mqtt/topic-problem'
import { findTopicNameProblem } from '../../../shared/mqtt/topic'
import { describeError } from '../../i18n/describe-error'
import { useLanguage, useT } from '../../i18n/use-t'
import { SUBSCRIPTIONS_PAGE_SIZE, subscriptionsStore, useSubscriptions } from '../../store/subscriptions-store'
import { formatCount } from '../explorer/format-topic'

export function SubscriptionsPanel(): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const text = useSubscriptions((s) => s.text)
  const offset = useSubscriptions((s) => s.offset)
  const page = useSubscriptions((s) => s.page)
  const answer = useSubscriptions((s) => s.answer)
  const error = useSubscriptions((s) => s.error)
  const [topic, setTopic] = useState('')
  const store = subscriptionsStore.getState()
  const problem = topic === '' ? null : findTopicNameProblem(topic)
  const n = (x: number): string => formatCount(x, lang)
  return (
    <div className="subscriptions-admin">
      <form className="clients-controls" onSubmit={(e) => { e.preventDefault(); if (topic !== '' && problem === null) void store.ask(topic) }}>
        <input value={topic} placeholder="home/kitchen/lamp/set" aria-label={t('broker.subs.tester')} data-testid="who-topic" onChange={(e) => setTopic(e.target.value)} />
        <button type="submit" className="button button-small" data-testid="who-ask" disabled={topic === '' || problem !== null}>{t('broker.subs.ask')}</button>
        {problem !== null && <span className="field-error" role="alert">{describeTopicProblem(problem, lang)}</span>}
      </form>
      {answer !== null && (
        <div className="who-answer" data-testid="who-answer">
          {answer.direct.length === 0 && answer.shared.length === 0 ? <p className="hint">{t('broker.subs.nobody', { topic: answer.topic })}</p> : (
            <ul>
              {answer.direct.map((d) => (
                <li key={`${d.clientId}\u0000${d.filter}`}><code>{d.clientId}</code> · <code>{d.filter}</code> · QoS {d.qos}
                  {d.noLocal && <span className="hint"> · {t('broker.subs.noLocalNote')}</span>}{!d.connected && <span className="hint"> · {t('broker.subs.offlineNote')}</span>}</li>
              ))}
              {answer.shared.map((g) => (
                <li key={`${g.group}\u0000${g.filter}`}>{t('broker.subs.oneOf', { group: g.group, members: g.members.join(', ') })} · <code>{g.filter}</code></li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="clients-controls">
        <input type="search" value={text} placeholder={t('broker.subs.search')} aria-label={t('broker.subs.search')} data-testid="subs-search" onChange={(e) => void store.setText(e.target.value)} />
        {page !== null && <span className="hint">{t('broker.subs.count', { filters: n(page.total), subscriptions: n(page.subscriptions) })}</span>}
      </div>
      {error !== null && <p className="field-error" role="status">{describeError(error, t)}</p>}
      <table className="data-table" data-testid="subs-table">
        <thead><tr><th>{t('explorer.form.filter')}</th><th>{t('broker.subs.group')}</th><th>{t('broker.subs.subscribers')}</th></tr></thead>
        <tbody>{page?.entries.map((e) => (
          <tr key={`${e.group ?? ''}\u0000${e.filter}`} data-testid="subs-row">
            <td><code>{e.filter}</code></td><td>{e.group ?? '—'}</td>
            <td>{e.subscribers.map((s) => (
              <div key={s.clientId}><code className={s.connected ? undefined : 'is-muted'}>{s.clientId}</code> <span className="hint">QoS {s.qos}{s.noLocal ? ` · ${t('explorer.form.noLocal')}` : ''}{s.subscriptionId !== null ? ` · id ${s.subscriptionId}` : ''}</span></div>
            ))}</td>
          </tr>
        ))}</tbody>
      </table>
      {page !== null && page.total > SUBSCRIPTIONS_PAGE_SIZE && (
        <div className="button-row">
          <button type="button" className="button button-small" disabled={offset === 0} onClick={() => void store.setOffset(offset - SUBSCRIPTIONS_PAGE_SIZE)}>{t('broker.clients.previous')}</button>
          <button type="button" className="button button-small" disabled={offset + page.entries.length >= page.total} onClick={() => void store.setOffset(offset + SUBSCRIPTIONS_PAGE_SIZE)}>{t('broker.clients.next')}</button>
        </div>
      )}
    </div>
  )
}
