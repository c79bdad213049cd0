// The Explorer: the live topic tree of every connection beside the selected topic's details, or the
// "publish something" empty state while no topic outside $SYS has a message yet. The header adds connections
// and holds the tree's search, sort and pause controls.
import { useState, type ReactElement } from 'react'
import type { SavedProfile } from '../../../shared/model/explorer'
import { describeError } from '../../i18n/describe-error'
import { useT } from '../../i18n/use-t'
import { profilesStore, useProfilesError } from '../../store/profiles-store'
import { useSelectedKey, useUserTopicCount } from '../../store/topic-tree-store'
import { Banner } from '../../ui/Banner'
import { ConnectionForm } from './ConnectionForm'
import { ExplorerEmpty } from './ExplorerEmpty'
import { SavedProfiles } from './SavedProfiles'
import { TopicDetails } from './TopicDetails'
import { TreeControls } from './TreeControls'
import { TopicTree } from './TopicTree'

/** The form's subject: a new profile (null) or a saved one. */
interface FormTarget {
  editing: SavedProfile | null
}

export function ExplorerView(): ReactElement {
  const t = useT()
  // Once a row is selected, its details win over the empty state (e.g. a $SYS topic).
  const userTopics = useUserTopicCount()
  const selected = useSelectedKey()
  const error = useProfilesError()
  const [form, setForm] = useState<FormTarget | null>(null)
  const empty = userTopics === 0 && selected === null
  return (
    <div className="explorer">
      <header className="explorer-header">
        <div className="explorer-title-row">
          <h1>{t('view.explorer.title')}</h1>
          <button type="button" className="button" data-testid="new-connection" disabled={form?.editing === null}
            onClick={() => setForm({ editing: null })}>{t('explorer.connections.new')}</button>
        </div>
        {error !== null && (
          <Banner tone="error" testId="connections-error" onDismiss={() => profilesStore.getState().clearError()} dismissLabel={t('banner.dismiss')}>
            {describeError(error, t)}
          </Banner>
        )}
        {form !== null && (
          <ConnectionForm key={form.editing?.profile.id ?? 'new'} editing={form.editing} onClose={() => setForm(null)} />
        )}
        <SavedProfiles onEdit={(editing) => setForm({ editing })} />
        <TreeControls />
      </header>
      <div className="explorer-tree-pane">
        <TopicTree />
      </div>
      {empty ? <ExplorerEmpty /> : <TopicDetails />}
    </div>
  )
}
