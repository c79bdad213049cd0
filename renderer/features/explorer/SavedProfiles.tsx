// The saved connection profiles that are not open, each with Connect, Edit and Delete (confirmed inline).
// Hidden while there are none; failures go to the profiles store's error, which the Explorer shows.
import { useState, type ReactElement } from 'react'
import type { Result } from '../../../shared/model/app-error'
import { EMBEDDED_BROKER_PROFILE_ID } from '../../../shared/model/connection-profile'
import type { SavedProfile } from '../../../shared/model/explorer'
import { useT } from '../../i18n/use-t'
import { useExplorerConnections } from '../../store/explorer-store'
import { profilesStore, useSavedProfiles } from '../../store/profiles-store'
import { profileUrl } from './profile-draft'

function SavedProfileRow({ saved, onEdit }: { saved: SavedProfile; onEdit(saved: SavedProfile): void }): ReactElement {
  const t = useT()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const { id, name } = saved.profile
  const run = async (action: () => Promise<Result<null>>): Promise<void> => {
    setBusy(true)
    const result = await action()
    setBusy(false)
    profilesStore.getState().report(result)
  }
  return (
    <li className="saved-profile" data-testid={`saved-profile-${id}`}>
      <span className="saved-profile-name">{name}</span>
      <code className="connection-url">{profileUrl(saved.profile)}</code>
      <span className="tree-spacer" />
      {confirming ? (
        <span className="saved-profile-confirm" role="group" aria-label={t('explorer.connections.deleteConfirm', { name })}>
          <span>{t('explorer.connections.deleteConfirm', { name })}</span>
          <button type="button" className="button button-small" disabled={busy} data-testid={`saved-profile-delete-yes-${id}`}
            onClick={() => void run(() => profilesStore.getState().remove(id))}>{t('explorer.connections.yes')}</button>
          <button type="button" className="button button-small" onClick={() => setConfirming(false)}
            data-testid={`saved-profile-delete-no-${id}`}>{t('explorer.connections.no')}</button>
        </span>
      ) : (
        <>
          <button type="button" className="button button-small button-primary" disabled={busy} data-testid={`saved-profile-connect-${id}`}
            onClick={() => void run(() => profilesStore.getState().open(id))}>{t('explorer.connections.connect')}</button>
          <button type="button" className="button button-small" onClick={() => onEdit(saved)}
            data-testid={`saved-profile-edit-${id}`}>{t('explorer.connections.edit')}</button>
          <button type="button" className="button button-small" onClick={() => setConfirming(true)}
            data-testid={`saved-profile-delete-${id}`}>{t('explorer.connections.delete')}</button>
        </>
      )}
    </li>
  )
}

export function SavedProfiles({ onEdit }: { onEdit(saved: SavedProfile): void }): ReactElement | null {
  const t = useT()
  const profiles = useSavedProfiles()
  const connections = useExplorerConnections()
  const open = new Set(connections.map((c) => c.id))
  const closed = profiles.filter((p) => p.profile.id !== EMBEDDED_BROKER_PROFILE_ID && !open.has(p.profile.id))
  if (closed.length === 0) return null
  return (
    <section className="saved-profiles" aria-labelledby="saved-profiles-title" data-testid="saved-profiles">
      <h2 className="details-subtitle" id="saved-profiles-title">{t('explorer.connections.saved')}</h2>
      <ul>{closed.map((saved) => <SavedProfileRow key={saved.profile.id} saved={saved} onEdit={onEdit} />)}</ul>
    </section>
  )
}
