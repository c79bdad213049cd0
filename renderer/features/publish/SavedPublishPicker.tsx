// Above the publish form: load one of the recent publishes or a named template into the form, save the
// form as a template (a name already used is replaced), delete a template.
import { useEffect, useState, type ReactElement } from 'react'
import type { SavedPublish } from '../../../shared/model/saved-publish'
import { describeError } from '../../i18n/describe-error'
import { useT } from '../../i18n/use-t'
import { publishStore, usePublish } from '../../store/publish-store'

const PREVIEW_CHARS = 40

const describe = (e: SavedPublish): string => {
  const payload = e.payload.replace(/\s+/g, ' ')
  return `${e.topic} · ${payload.length > PREVIEW_CHARS ? `${payload.slice(0, PREVIEW_CHARS)}…` : payload}`
}

export function SavedPublishPicker({ current, onLoad }: { current: SavedPublish; onLoad(entry: SavedPublish): void }): ReactElement {
  const t = useT()
  const saved = usePublish((s) => s.saved)
  const error = usePublish((s) => s.savedError)
  const [naming, setNaming] = useState<string | null>(null)
  const [template, setTemplate] = useState('')
  useEffect(() => void publishStore.getState().loadSaved(), [])
  const save = async (): Promise<void> => {
    if (naming === null || naming.trim() === '') return
    const result = await publishStore.getState().saveTemplate(naming.trim(), current)
    if (result.ok) {
      setTemplate(naming.trim())
      setNaming(null)
    }
  }
  return (
    <div className="saved-publishes">
      <div className="saved-row">
        <select aria-label={t('publish.saved.recent')} value="" data-testid="publish-recent"
          onChange={(e) => { const entry = saved.recent[Number(e.target.value)]; if (entry !== undefined) onLoad(entry) }}>
          <option value="">{t('publish.saved.recentPick', { count: saved.recent.length })}</option>
          {saved.recent.map((e, i) => <option key={i} value={i}>{describe(e)}</option>)}
        </select>
        <select aria-label={t('publish.saved.templates')} value={template} data-testid="publish-template"
          onChange={(e) => { setTemplate(e.target.value); const found = saved.templates.find((x) => x.name === e.target.value); if (found !== undefined) onLoad(found.entry) }}>
          <option value="">{t('publish.saved.templatePick', { count: saved.templates.length })}</option>
          {saved.templates.map((x) => <option key={x.name} value={x.name}>{x.name}</option>)}
        </select>
        {template !== '' && (
          <button type="button" className="button button-small" data-testid="publish-template-delete"
            onClick={() => { void publishStore.getState().deleteTemplate(template); setTemplate('') }}>{t('publish.saved.delete')}</button>
        )}
        {naming === null && (
          <button type="button" className="button button-small" data-testid="publish-template-save" onClick={() => setNaming(template)}>{t('publish.saved.saveAs')}</button>
        )}
      </div>
      {naming !== null && (
        <div className="saved-row">
          <input aria-label={t('publish.saved.name')} placeholder={t('publish.saved.name')} value={naming} data-testid="publish-template-name" autoFocus
            onChange={(e) => setNaming(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void save() } }} />
          <button type="button" className="button button-small button-primary" data-testid="publish-template-confirm" disabled={naming.trim() === ''} onClick={() => void save()}>{t('publish.saved.save')}</button>
          <button type="button" className="button button-small" onClick={() => setNaming(null)}>{t('retained.confirm.no')}</button>
        </div>
      )}
      {error !== null && <p className="field-error" role="status">{describeError(error, t)}</p>}
    </div>
  )
}
