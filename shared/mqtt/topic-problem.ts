// What is wrong with a topic name or filter, as data: a code, the level (1-based) and what the message
// needs. The checkers in topic.ts return one; the broker and the logs use its English sentence, the UI
// its translation (both come from the message catalogue under 'topic.problem.*').
import { translate, type Language, type MessageKey } from '../i18n/translate'

export type TopicSubject = 'name' | 'filter'

export type TopicProblem =
  | { code: 'empty'; subject: TopicSubject }
  | { code: 'null-char'; subject: TopicSubject; level: number }
  | { code: 'surrogate'; subject: TopicSubject; level: number; codePoint: string }
  | { code: 'wildcard-in-name'; wildcard: '+' | '#'; level: number }
  | { code: 'hash-not-last'; level: number }
  | { code: 'plus-not-whole'; level: number }
  | { code: 'share-no-group' }
  | { code: 'share-group-wildcard'; wildcard: '+' | '#' }
  | { code: 'share-no-filter' }
  | { code: 'too-long'; subject: TopicSubject; bytes: number; max: number }
  | { code: 'too-many-levels'; subject: TopicSubject; levels: number; max: number }

/** The catalogue key of a problem (subject-specific where the sentence differs). */
export function topicProblemKey(p: TopicProblem): MessageKey {
  switch (p.code) {
    case 'empty': case 'null-char': case 'surrogate': case 'too-long': case 'too-many-levels':
      return `topic.problem.${p.code}.${p.subject}`
    default:
      return `topic.problem.${p.code}`
  }
}

/** The problem in `lang` (English for the broker and the logs). */
export function describeTopicProblem(p: TopicProblem, lang: Language = 'en'): string {
  const { code: _code, ...params } = p as TopicProblem & Record<string, string | number>
  return translate(lang, topicProblemKey(p), params)
}
