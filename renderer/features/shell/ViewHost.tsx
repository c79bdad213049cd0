// Shows the current view inside its own error boundary: a view that throws shows a fallback with
// "Try again" while navigation and the status bar keep working. Switching views starts afresh.
import type { ReactElement } from 'react'
import { viewTitleKey } from '../../../shared/i18n/translate'
import { useT } from '../../i18n/use-t'
import { useCurrentView } from '../../store/navigation-store'
import { ErrorBoundary } from '../../ui/ErrorBoundary'
import type { ViewRegistry } from './view-registry'

export function ViewHost({ views }: { views: ViewRegistry }): ReactElement {
  const t = useT()
  const view = useCurrentView()
  const { Component } = views[view]
  return (
    <main className="view" key={view} data-testid={`view-${view}`} aria-label={t(viewTitleKey(view))}>
      <ErrorBoundary title={t('boundary.title')} body={t('boundary.body')} retryLabel={t('boundary.retry')}>
        <Component />
      </ErrorBoundary>
    </main>
  )
}
