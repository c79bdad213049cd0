// What each part of the broker settings form gets from the panel that owns the form's state.
import type { ReactElement } from 'react'
import type { BrokerSettings } from '../../../../shared/model/settings'
import type { BrokerSettingsForm } from './broker-settings-form'

export interface FormProps {
  form: BrokerSettingsForm
  /** Replaces top-level fields of the settings being edited (pass whole nested objects). */
  edit(changes: Partial<BrokerSettings>): void
  /** A number field bound to the form's text at `path`, with its range and error. */
  numberField(path: string, label: string, testId?: string): ReactElement
}
