// A message strip across the top of the content: info, warning or error, optionally dismissible.
// Generic: the caller passes translated text and labels; no store access here.
import type { ReactElement, ReactNode } from 'react'
import { CloseIcon, ErrorIcon, InfoIcon, WarningIcon } from './icons'

export type BannerTone = 'info' | 'warning' | 'error'

export interface BannerProps {
  tone: BannerTone
  children: ReactNode
  /** Shows a close button when given. */
  onDismiss?: () => void
  dismissLabel?: string
  testId?: string
}

const TONE_ICONS = { info: InfoIcon, warning: WarningIcon, error: ErrorIcon } as const

export function Banner({ tone, children, onDismiss, dismissLabel, testId }: BannerProps): ReactElement {
  const Icon = TONE_ICONS[tone]
  return (
    <div className={`banner banner-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <span className="banner-icon"><Icon /></span>
      <div className="banner-text">{children}</div>
      {onDismiss !== undefined && (
        <button type="button" className="icon-button" onClick={onDismiss} aria-label={dismissLabel} title={dismissLabel}>
          <CloseIcon size={16} />
        </button>
      )}
    </div>
  )
}
