// A button that copies a text to the clipboard and says so for a moment, or says it could not (the
// clipboard needs a secure context and the page's focus; a refusal must not look like success).
// Generic: the caller passes the translated labels.
import { useEffect, useState, type ReactElement } from 'react'

const FEEDBACK_MS = 1500

export interface CopyButtonProps {
  label: string
  /** Shown for a moment after a copy, and after a refusal. */
  copiedLabel: string
  failedLabel: string
  /** The text to copy, computed on click (a large payload is not stringified until asked). */
  text: () => string
  testId?: string
}

export function CopyButton({ label, copiedLabel, failedLabel, text, testId }: CopyButtonProps): ReactElement {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), FEEDBACK_MS)
    return () => clearTimeout(timer)
  }, [state])
  const copy = (): void => {
    const clipboard = navigator.clipboard as Clipboard | undefined
    if (clipboard === undefined) return setState('failed')
    clipboard.writeText(text()).then(() => setState('copied'), () => setState('failed'))
  }
  return (
    <button type="button" className="button button-small" data-testid={testId} onClick={copy} aria-live="polite">
      {state === 'copied' ? copiedLabel : state === 'failed' ? failedLabel : label}
    </button>
  )
}
