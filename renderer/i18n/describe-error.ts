// Turns an AppError into a sentence in the UI language: the translation of its code, or the backend's
// English message when this page does not know the code (a newer backend). Codes whose message carries
// the facts (a broker's reason code, which connection) put it in their sentence as {detail}.
import { errorMessageKey, hasMessage } from '../../shared/i18n/translate'
import type { AppError } from '../../shared/model/app-error'
import type { Translate } from './use-t'

export function describeError(error: AppError, t: Translate): string {
  const key = errorMessageKey(error.code)
  return hasMessage(key) ? t(key, { detail: error.message }) : error.message
}
