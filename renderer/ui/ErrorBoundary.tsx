// Catches a render error inside one view so the rest of the app (navigation, status bar) keeps working.
// Shows the caller's translated title and body, the error text, and a button that renders the view again.
// No componentDidCatch: React 19 already reports caught errors to console.error (onCaughtError).
import { Component, type ReactNode } from 'react'
import { WarningIcon } from './icons'

export interface ErrorBoundaryProps {
  title: string
  body: string
  retryLabel: string
  children: ReactNode
}

interface ErrorBoundaryState {
  error: unknown
  failed: boolean
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : error.message
  return String(error)
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null, failed: false }

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error, failed: true }
  }

  private readonly retry = (): void => this.setState({ error: null, failed: false })

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children
    return (
      <div className="boundary" role="alert">
        <span className="boundary-icon"><WarningIcon size={28} /></span>
        <h2>{this.props.title}</h2>
        <p>{this.props.body}</p>
        <pre className="boundary-error">{errorText(this.state.error)}</pre>
        <button type="button" className="button button-primary" onClick={this.retry}>{this.props.retryLabel}</button>
      </div>
    )
  }
}
