// The strip above the current view: a non-blocking "reconnecting" notice, the last failed request, and
// the backend's warnings (translated by code, dismissed through app:dismiss-warning).
import type { ReactElement } from 'react'
import { useStore } from 'zustand'
import { hasMessage, warningMessageKey } from '../../../shared/i18n/translate'
import { describeError } from '../../i18n/describe-error'
import { useT } from '../../i18n/use-t'
import { appStore, useLastError, useWarnings } from '../../store/app-store'
import { transportStore } from '../../transport/transport-store'
import { Banner } from '../../ui/Banner'
import { useNow } from '../../ui/use-now'
import { secondsUntil } from './format-status'

const COUNTDOWN_TICK_MS = 250

function ReconnectingBanner(): ReactElement | null {
  const t = useT()
  const state = useStore(transportStore, (s) => s.state)
  const retryAt = useStore(transportStore, (s) => s.retryAt)
  const now = useNow(state === 'reconnecting' && retryAt !== null, COUNTDOWN_TICK_MS)
  if (state !== 'reconnecting') return null
  return (
    <Banner tone="info" testId="reconnecting">
      {retryAt === null
        ? t('banner.reconnectingNow')
        : t('banner.reconnecting', { seconds: secondsUntil(retryAt, now) })}
    </Banner>
  )
}

function RequestErrorBanner(): ReactElement | null {
  const t = useT()
  const failed = useLastError()
  // While the link is down the status bar already says why every request fails.
  const linkOpen = useStore(transportStore, (s) => s.state === 'open')
  if (failed === null || !linkOpen) return null
  return (
    <Banner tone="error" testId={`error-${failed.error.code}`} dismissLabel={t('banner.dismiss')}
      onDismiss={() => appStore.getState().clearError()}>
      <strong>{t('banner.requestFailed')}</strong> {describeError(failed.error, t)}
      <span className="banner-detail">{failed.channel}: {failed.error.message}</span>
    </Banner>
  )
}

function WarningBanners(): ReactElement {
  const t = useT()
  const warnings = useWarnings()
  return (
    <>
      {warnings.map((w) => {
        const key = warningMessageKey(w.code)
        return (
          <Banner key={w.id} tone="warning" testId={`warning-${w.code}`} dismissLabel={t('banner.dismiss')}
            onDismiss={() => void appStore.getState().dismissWarning(w.id)}>
            {hasMessage(key) ? t(key, w.params) : w.message}
          </Banner>
        )
      })}
    </>
  )
}

export function Notices(): ReactElement {
  return (
    <div className="notices">
      <ReconnectingBanner />
      <RequestErrorBanner />
      <WarningBanners />
    </div>
  )
}
