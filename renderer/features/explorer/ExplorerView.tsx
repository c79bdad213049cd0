// The Explorer: the live topic tree of every connection beside the selected topic's details, or the
// "publish something" empty state while no topic outside $SYS has a message yet.
import type { ReactElement } from 'react'
import { useT } from '../../i18n/use-t'
import { useSelectedKey, useUserTopicCount } from '../../store/topic-tree-store'
import { ExplorerEmpty } from './ExplorerEmpty'
import { TopicDetails } from './TopicDetails'
import { TopicTree } from './TopicTree'

export function ExplorerView(): ReactElement {
  const t = useT()
  // Once a row is selected, its details win over the empty state (e.g. a $SYS topic).
  const userTopics = useUserTopicCount()
  const selected = useSelectedKey()
  const empty = userTopics === 0 && selected === null
  return (
    <div className="explorer">
      <header className="explorer-header">
        <h1>{t('view.explorer.title')}</h1>
      </header>
      <div className="explorer-tree-pane">
        <TopicTree />
      </div>
      {empty ? <ExplorerEmpty /> : <TopicDetails />}
    </div>
  )
}
