// Above the tree: a clear of retained messages in progress (with a progress bar), its outcome with an
// Undo button, and the outcome of the undo. Failures are counted and the first one named.
import type { ReactElement } from 'react'
import { translateCount } from '../../../../shared/i18n/translate'
import { describeError } from '../../../i18n/describe-error'
import { useLanguage, useT } from '../../../i18n/use-t'
import { retainedStore, useRetained } from '../../../store/retained-store'
import { Banner } from '../../../ui/Banner'
import { formatCount } from '../format-topic'

export function ClearRetainedBanner(): ReactElement | null {
  const t = useT()
  const lang = useLanguage()
  const phase = useRetained((s) => s.phase)
  const dismiss = (): void => retainedStore.getState().dismiss()
  const count = (n: number): string => formatCount(n, lang)
  switch (phase.kind) {
    case 'clearing':
      return (
        <Banner tone="info" testId="clear-banner">
          {t('retained.progress', { done: count(phase.done), total: count(phase.total) })}{' '}
          <progress max={phase.total} value={phase.done} data-testid="clear-progress" />
        </Banner>
      )
    case 'cleared':
      return (
        <Banner tone={phase.failed.length > 0 ? 'warning' : 'info'} testId="clear-banner" onDismiss={dismiss} dismissLabel={t('banner.dismiss')}>
          {translateCount(lang, 'retained.cleared', phase.cleared, { count: count(phase.cleared) })}
          {phase.failed.length > 0 && <> {translateCount(lang, 'retained.failed', phase.failed.length, { count: count(phase.failed.length), reason: phase.failed[0]!.reason })}</>}
          {phase.undoable < phase.cleared && <> {t('retained.partialUndo', { undoable: count(phase.undoable) })}</>}{' '}
          {phase.undoable > 0 && (
            <button type="button" className="button button-small" data-testid="clear-undo" onClick={() => void retainedStore.getState().undo()}>
              {translateCount(lang, 'retained.undo', phase.undoable, { count: count(phase.undoable) })}
            </button>
          )}
        </Banner>
      )
    case 'undoing':
      return <Banner tone="info" testId="clear-banner">{t('retained.undoing', { total: count(phase.total) })}</Banner>
    case 'undone':
      return (
        <Banner tone={phase.failed.length > 0 ? 'warning' : 'info'} testId="clear-banner" onDismiss={dismiss} dismissLabel={t('banner.dismiss')}>
          {translateCount(lang, 'retained.restored', phase.restored, { count: count(phase.restored) })}
          {phase.failed.length > 0 && <> {translateCount(lang, 'retained.failed', phase.failed.length, { count: count(phase.failed.length), reason: phase.failed[0]!.reason })}</>}
        </Banner>
      )
    case 'error':
      return <Banner tone="error" testId="clear-banner" onDismiss={dismiss} dismissLabel={t('banner.dismiss')}>{describeError(phase.error, t)}</Banner>
    default:
      return null
  }
}
