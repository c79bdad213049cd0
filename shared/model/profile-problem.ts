// What is wrong with a connection profile, as data: a code and the values its sentence needs. The
// backend refuses a save with the English sentence; the connection form shows it in the page's language.
// Both come from the message catalogue ('profile.problem.*'), like the topic problems they may contain.
import { translate, type Language, type MessageKey } from '../i18n/translate'
import { describeTopicProblem, type TopicProblem } from '../mqtt/topic-problem'

export type ProfileProblemCode =
  | 'no-name' | 'bad-transport' | 'no-host' | 'bad-host' | 'bad-port' | 'bad-ws-path' | 'bad-version'
  | 'client-id-31-empty' | 'client-id-empty-session' | 'client-id-31-long' | 'client-id-long' | 'password-without-user'
  | 'bad-keepalive' | 'bad-session-expiry' | 'bad-receive-maximum' | 'bad-connect-timeout'
  | 'will-topic' | 'will-qos' | 'will-delay' | 'tls-pair' | 'reconnect-delays'
  | 'sub-filter' | 'sub-qos' | 'sub-retain-handling'

export interface ProfileProblem {
  code: ProfileProblemCode
  params?: Record<string, string | number>
  /** For 'will-topic' and 'sub-filter': what is wrong with the topic (shown as {reason}). */
  topic?: TopicProblem
}

/** The problem in `lang` (English for the backend's refusal and the logs). */
export function describeProfileProblem(p: ProfileProblem, lang: Language = 'en'): string {
  const params: Record<string, string | number> = { ...p.params }
  if (p.topic !== undefined) params.reason = describeTopicProblem(p.topic, lang)
  return translate(lang, `profile.problem.${p.code}` as MessageKey, params)
}
