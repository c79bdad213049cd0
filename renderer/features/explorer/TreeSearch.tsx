// The tree's search box: plain text or an MQTT filter (see tree-search.ts), the inline reason when the filter is
// not valid, the number of matching topics and a clear button; Esc clears too.
import { useMemo, type ReactElement } from 'react'
import { translateCount } from '../../../shared/i18n/translate'
import { describeTopicProblem } from '../../../shared/mqtt/topic-problem'
import { useLanguage, useT } from '../../i18n/use-t'
import { treeViewStore, useTreeQuery } from '../../store/tree-view-store'
import { formatCount } from './format-topic'
import { parseTreeSearch } from './tree-search'
import { useVisibleRows } from './use-visible-rows'


/** "N topics match", read from the same memoized rows as the tree. */
function MatchCount(): ReactElement | null {
  const lang = useLanguage()
  const { matches } = useVisibleRows()
  if (matches === null) return null
  return (
    <span className="tree-search-count" data-testid="tree-search-count" role="status">
      {translateCount(lang, 'explorer.search.matches', matches, { count: formatCount(matches, lang) })}
    </span>
  )
}

export function TreeSearch(): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const query = useTreeQuery()
  const search = useMemo(() => parseTreeSearch(query), [query])
  const setQuery = (text: string): void => treeViewStore.getState().setQuery(text)
  const invalid = search?.kind === 'invalid' ? search.problem : null
  return (
    <div className="tree-search">
      <div className="tree-search-box">
        <input type="search" className="tree-search-input" value={query} placeholder={t('explorer.search.placeholder')}
          aria-label={t('explorer.search.label')} aria-invalid={invalid !== null} spellCheck={false} autoComplete="off"
          aria-describedby={invalid !== null ? 'tree-search-error' : undefined} data-testid="tree-search"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Escape' || query === '') return
            e.preventDefault()
            setQuery('')
          }} />
        {search?.kind === 'filter' && <span className="badge tree-search-mode">{t('explorer.search.filterMode')}</span>}
        {query !== '' && (
          <button type="button" className="tree-search-clear" aria-label={t('explorer.search.clear')} title={t('explorer.search.clear')}
            data-testid="tree-search-clear" onClick={() => setQuery('')}>×</button>
        )}
      </div>
      {invalid !== null
        ? <span id="tree-search-error" className="field-error tree-search-error" data-testid="tree-search-error" role="alert">{t('explorer.search.invalid', { reason: describeTopicProblem(invalid, lang) })}</span>
        : <MatchCount />}
    </div>
  )
}
