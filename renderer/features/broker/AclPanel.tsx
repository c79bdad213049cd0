// The embedded broker's ACL: mosquitto's ACL file, edited as text, checked line by line as you type,
// applied at once (the next checks of connected clients use it); and a tester that asks the broker's own
// check "can user U as client C read, write or subscribe to T?".
import { useEffect, useRef, useState, type ReactElement } from 'react'
import type { AclProblem } from '../../../shared/model/broker-acl'
import { describeError } from '../../i18n/describe-error'
import { useT } from '../../i18n/use-t'
import { aclStore, useAcl } from '../../store/acl-store'

export function AclPanel(): ReactElement {
  const t = useT()
  const state = useAcl((s) => s.state)
  const error = useAcl((s) => s.error)
  const [text, setText] = useState<string | null>(null)
  const [problems, setProblems] = useState<AclProblem[]>([])
  const [saved, setSaved] = useState(false)
  const [who, setWho] = useState({ username: '', clientId: 'client', topic: '', access: 'read' as 'read' | 'write' | 'subscribe' })
  const answer = useAcl((s) => s.answer)
  useEffect(() => void aclStore.getState().refresh(), [])
  const shown = text ?? state?.text ?? ''
  // Each keystroke asks for a check: only the answer for the latest text counts.
  const latestCheck = useRef(0)
  const edit = async (next: string): Promise<void> => {
    setText(next)
    setSaved(false)
    const mine = ++latestCheck.current
    const found = await aclStore.getState().check(next)
    if (mine === latestCheck.current && found !== null) setProblems(found)
  }
  return (
    <div className="acl-admin">
      <p className="hint">{t('broker.acl.about', { file: state?.file ?? '' })}</p>
      <textarea className="publish-payload acl-text" rows={8} value={shown} spellCheck={false} data-testid="acl-text" aria-label={t('broker.acl.title')}
        placeholder={'# clients without a user name\ntopic read #\n\nuser ada\ntopic readwrite home/#'} onChange={(e) => void edit(e.target.value)} />
      {problems.length > 0 && <ul className="field-error" data-testid="acl-problems">{problems.map((p) => <li key={p.line}>{p.message}</li>)}</ul>}
      <div className="button-row">
        <button type="button" className="button button-small" data-testid="acl-apply" disabled={text === null || problems.length > 0}
          onClick={async () => { const ok = await aclStore.getState().save(shown); if (ok) { setText(null); setSaved(true) } }}>{t('broker.acl.apply')}</button>
        {saved && <span className="hint" role="status" data-testid="acl-saved">{t('broker.acl.saved')}</span>}
      </div>
      {error !== null && <p className="field-error" role="status">{describeError(error, t)}</p>}
      <form className="clients-controls" onSubmit={(e) => { e.preventDefault(); void aclStore.getState().test({ ...who, username: who.username === '' ? null : who.username }) }}>
        <input value={who.username} placeholder={t('explorer.form.username')} aria-label={t('explorer.form.username')} data-testid="acl-test-user" onChange={(e) => setWho({ ...who, username: e.target.value })} />
        <input value={who.clientId} placeholder={t('explorer.form.clientId')} aria-label={t('explorer.form.clientId')} onChange={(e) => setWho({ ...who, clientId: e.target.value })} />
        <select value={who.access} aria-label={t('broker.acl.access')} data-testid="acl-test-access" onChange={(e) => setWho({ ...who, access: e.target.value as 'read' | 'write' | 'subscribe' })}>
          <option value="read">{t('broker.acl.access.read')}</option><option value="write">{t('broker.acl.access.write')}</option><option value="subscribe">{t('broker.acl.access.subscribe')}</option>
        </select>
        <input value={who.topic} placeholder="home/kitchen/temp" aria-label={t('publish.topic')} data-testid="acl-test-topic" onChange={(e) => setWho({ ...who, topic: e.target.value })} />
        <button type="submit" className="button button-small" data-testid="acl-test" disabled={who.topic === ''}>{t('broker.acl.test')}</button>
      </form>
      {answer !== null && (
        <p data-testid="acl-answer" role="status">
          <strong className={answer.allowed ? 'acl-yes' : 'acl-no'}>{t(answer.allowed ? 'broker.acl.allowed' : 'broker.acl.denied')}</strong>{' '}
          <span className="hint">{t(`broker.acl.reason.${answer.reason}`, { line: String(answer.line ?? ''), text: answer.lineText ?? '' })}</span>
        </p>
      )}
    </div>
  )
}
