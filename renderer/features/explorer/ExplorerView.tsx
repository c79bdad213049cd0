// The Explorer: the live topic tree of every connection beside the selected topic's details, or the
// "publish something" empty state while no topic outside $SYS has a message yet. The header adds connections
// and holds the tree's search, sort and pause controls.
import { useState, type ReactElement } from 'react'
import { describeError } from '../../i18n/describe-error'
import { useT } from '../../i18n/use-t'
import { connectionFormStore, useConnectionForm } from '../../store/connection-form-store'
import { profilesStore, useProfilesError } from '../../store/profiles-store'
import { parseRowKey, useSelectedKey, useUserTopicCount } from '../../store/topic-tree-store'
import { Banner } from '../../ui/Banner'
import { ConnectionForm } from './ConnectionForm'
import { ExplorerEmpty } from './ExplorerEmpty'
import { SavedProfiles } from './SavedProfiles'
import { TopicDetails } from './TopicDetails'
import { TreeControls } from './TreeControls'
import { TopicTree } from './TopicTree'
import { PublishPanel } from '../publish/PublishPanel'
import { ClearRetainedBanner } from './retained/ClearRetainedBanner'

export function ExplorerView(): ReactElement {
  const t = useT()
  // Once a row is selected, its details win over the empty state (e.g. a $SYS topic).
  const userTopics = useUserTopicCount()
  const selected = useSelectedKey()
  const error = useProfilesError()
  const form = useConnectionForm()
  const forms = connectionFormStore.getState()
  // The publish form takes the details column; it starts on the selected topic, if any.
  const [publishing, setPublishing] = useState<{ connectionId: string | null; topic: string } | null>(null)
  const empty = userTopics === 0 && selected === null
  return (
    <div className="explorer">
      <header className="explorer-header">
        <div className="explorer-title-row">
          <h1>{t('view.explorer.title')}</h1>
          <div className="explorer-actions">
            <button type="button" className="button" data-testid="publish-open" aria-pressed={publishing !== null}
              onClick={() => setPublishing(publishing === null ? publishTarget(selected) : null)}>{t('publish.open')}</button>
            <button type="button" className="button" data-testid="new-connection" disabled={form?.editing === null}
              onClick={() => forms.openNew()}>{t('explorer.connections.new')}</button>
          </div>
        </div>
        {error !== null && (
          <Banner tone="error" testId="connections-error" onDismiss={() => profilesStore.getState().clearError()} dismissLabel={t('banner.dismiss')}>
            {describeError(error, t)}
          </Banner>
        )}
        <ClearRetainedBanner />
        {form !== null && (
          <ConnectionForm key={form.editing?.profile.id ?? 'new'} editing={form.editing} onClose={() => forms.close()} />
        )}
        <SavedProfiles onEdit={(editing) => forms.openEdit(editing)} />
        <TreeControls />
      </header>
      <div className="explorer-tree-pane">
        <TopicTree />
      </div>
      {publishing !== null
        ? <PublishPanel initial={publishing} onClose={() => setPublishing(null)} />
        : empty ? <ExplorerEmpty /> : <TopicDetails />}
    </div>
  )
}

/** The publish form's starting point: the selected row's connection and topic (a root row: its connection only). */
function publishTarget(selectedKey: string | null): { connectionId: string | null; topic: string } {
  if (selectedKey === null) return { connectionId: null, topic: '' }
  const { connectionId, path } = parseRowKey(selectedKey)
  return { connectionId, topic: path ?? '' }
}
