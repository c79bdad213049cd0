// The embedded broker's users: add one (or set a new password), remove one, import a mosquitto password
// file. Changes apply to the next connections at once; connected clients stay. Says where they are kept and
// that clients without a user name are still accepted.
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react'
import { describeError } from '../../i18n/describe-error'
import { useT } from '../../i18n/use-t'
import { brokerUsersStore, useBrokerUsers } from '../../store/broker-users-store'

export function UsersPanel(): ReactElement {
  const t = useT()
  const list = useBrokerUsers((s) => s.list)
  const error = useBrokerUsers((s) => s.error)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [outcome, setOutcome] = useState<string | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const store = brokerUsersStore.getState()
  useEffect(() => void brokerUsersStore.getState().refresh(), [])
  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const existed = list?.users.includes(username) === true
    const result = await store.set(username, password)
    if (!result.ok) return
    setOutcome(t(existed ? 'broker.users.reset' : 'broker.users.added', { user: username }))
    setUsername('')
    setPassword('')
  }
  return (
    <div className="users-admin">
      <p className="hint">{list === null ? '' : t('broker.users.where', { file: list.file })} {t('broker.users.anonymous')}</p>
      <form className="clients-controls" onSubmit={(e) => void add(e)}>
        <input value={username} placeholder={t('explorer.form.username')} aria-label={t('explorer.form.username')} autoComplete="off" data-testid="user-name" onChange={(e) => setUsername(e.target.value)} />
        <input type="password" value={password} placeholder={t('explorer.form.password')} aria-label={t('explorer.form.password')} autoComplete="new-password" data-testid="user-password" onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="button button-small" data-testid="user-add" disabled={username === '' || password === ''}>{t('broker.users.add')}</button>
        <button type="button" className="button button-small" data-testid="users-import" onClick={() => fileInput.current?.click()}>{t('broker.users.import')}</button>
        <input ref={fileInput} type="file" hidden data-testid="users-import-file" onChange={async (e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (file === undefined) return
          const result = await store.importText(await file.text())
          setOutcome(result.ok ? t('broker.users.imported', { count: result.value.imported }) + (result.value.skipped.length > 0 ? ` ${result.value.skipped.join(' ')}` : '') : describeError(result.error, t))
        }} />
      </form>
      {error !== null && <p className="field-error" role="status" data-testid="users-error">{describeError(error, t)}</p>}
      {outcome !== null && <p className="hint" role="status" data-testid="users-result">{outcome}</p>}
      {list !== null && (list.users.length === 0 ? <p className="hint">{t('broker.users.none')}</p> : (
        <ul className="users-list" data-testid="users-list">
          {list.users.map((u) => (
            <li key={u}><code>{u}</code> <button type="button" className="button button-small" data-testid={`user-remove-${u}`}
              onClick={() => void store.remove(u).then((r) => r.ok && setOutcome(t('broker.users.removed', { user: u })))}>{t('publish.props.removeUser')}</button></li>
          ))}
        </ul>
      ))}
    </div>
  )
}
