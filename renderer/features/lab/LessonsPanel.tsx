// The guided lessons: the list (with what is done), and the open lesson's step: what happens and why,
// what to try, "show me", and the check of the real packets, which marks the step done and explains
// what was seen. Progress is kept by the backend.
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { findTopicFilterProblem, findTopicNameProblem, matchesFilter } from '../../../shared/mqtt/topic'
import { describeTopicProblem } from '../../../shared/mqtt/topic-problem'
import { LESSONS, lessonById } from '../../../shared/lab/lessons'
import type { MessageKey } from '../../../shared/i18n/messages-en'
import { describeError } from '../../i18n/describe-error'
import { useLanguage, useT } from '../../i18n/use-t'
import { useLab } from '../../store/lab-store'
import { useLabSim } from '../../store/lab-sim-store'
import { lessonsStore, useLessons } from '../../store/lessons-store'

const key = (k: string): MessageKey => k as MessageKey

/** Lesson 2's filter tester: does this filter match this topic name, by the broker's own rule? */
function FilterTester(): ReactElement {
  const t = useT()
  const [filter, setFilter] = useState('home/+/temperature')
  const [topic, setTopic] = useState('home/kitchen/temperature')
  const lang = useLanguage()
  const found = findTopicFilterProblem(filter) ?? findTopicNameProblem(topic)
  const problem = found === null ? null : describeTopicProblem(found, lang)
  return (
    <div className="lab-form" data-testid="lesson-filter-tester">
      <strong>{t('lesson.topics.tester')}</strong>
      <input value={filter} aria-label={t('lesson.topics.tester.filter')} data-testid="tester-filter" onChange={(e) => setFilter(e.target.value)} />
      <input value={topic} aria-label={t('lesson.topics.tester.topic')} data-testid="tester-topic" onChange={(e) => setTopic(e.target.value)} />
      <span data-testid="tester-answer" className={problem === null && matchesFilter(filter, topic) ? 'acl-yes' : 'acl-no'}>
        {problem ?? t(matchesFilter(filter, topic) ? 'lesson.topics.tester.match' : 'lesson.topics.tester.noMatch')}
      </span>
    </div>
  )
}

function OpenLesson({ id }: { id: string }): ReactElement | null {
  const t = useT()
  const lesson = lessonById(id)
  const step = useLessons((s) => s.step)
  const startSeq = useLessons((s) => s.startSeq)
  const running = useLessons((s) => s.running)
  const error = useLessons((s) => s.error)
  const progress = useLessons((s) => s.progress[id])
  const events = useLab((s) => s.events)
  const sim = useLabSim((s) => s.sim)
  const current = lesson?.steps[step]
  const since = useMemo(() => events.filter((e) => e.seq > startSeq), [events, startSeq])
  const passed = current !== undefined && !running && current.check({ events: since, sim })
  useEffect(() => {
    if (passed) void lessonsStore.getState().passed()
  }, [passed])
  if (lesson === undefined || current === undefined) return null
  const store = lessonsStore.getState()
  const base = `lesson.${lesson.id}.${current.id}`
  const last = step === lesson.steps.length - 1
  return (
    <div className="lesson" data-testid="lesson" data-lesson={lesson.id} data-step={current.id}>
      <div className="lesson-head">
        <strong>{t('lessons.number', { n: String(lesson.number) })} · {t(key(`lesson.${lesson.id}.title`))}</strong>
        <span className="hint">{t('lessons.step', { n: String(step + 1), total: String(lesson.steps.length) })}</span>
        <button type="button" className="button button-small" onClick={() => void store.open(null)}>{t('lessons.close')}</button>
        <button type="button" className="button button-small" onClick={() => void store.reset(lesson.id)} data-testid="lesson-reset">{t('lessons.reset')}</button>
      </div>
      <p>{t(key(`${base}.explain`))}</p>
      <p><strong>{t('lessons.try')}:</strong> {t(key(`${base}.try`))}</p>
      {lesson.id === 'topics' && <FilterTester />}
      <div className="button-row">
        <button type="button" className="button button-small" disabled={running || passed} onClick={() => void store.showMe()} data-testid="lesson-show-me">{t('lessons.showMe')}</button>
        {running && <span className="hint">{t('lessons.running')}</span>}
        {!running && !passed && <span className="hint" data-testid="lesson-waiting">{t('lessons.waiting')}</span>}
        {passed && <strong className="lesson-passed" data-testid="lesson-passed">{t('lessons.passed')}</strong>}
      </div>
      {passed && <p className="hint" data-testid="lesson-seen">{t(key(`${base}.seen`))}</p>}
      {error !== null && <p className="field-error" role="status">{describeError(error, t)}</p>}
      <div className="button-row">
        <button type="button" className="button button-small" disabled={step === 0 || running} onClick={() => void store.goTo(step - 1)}>{t('lessons.back')}</button>
        {!last && <button type="button" className="button button-small button-primary" disabled={!passed} onClick={() => void store.goTo(step + 1)} data-testid="lesson-next">{t('lessons.next')}</button>}
        {last && progress?.completed === true && <strong data-testid="lesson-complete">{t('lessons.finish')}</strong>}
      </div>
    </div>
  )
}

export function LessonsPanel(): ReactElement {
  const t = useT()
  const activeId = useLessons((s) => s.activeId)
  const progress = useLessons((s) => s.progress)
  const panel = useRef<HTMLDetailsElement>(null)
  useEffect(() => void lessonsStore.getState().load(), [])
  // The open lesson is shorter than the list it replaces: bring its title into view, not the page below it.
  useEffect(() => {
    if (activeId !== null) panel.current?.scrollIntoView?.({ block: 'nearest' })
  }, [activeId])
  return (
    <details ref={panel} className="lab-panel lessons" open data-testid="lessons">
      <summary className="panel-title">{t('lessons.title')}</summary>
      {activeId !== null ? <OpenLesson id={activeId} /> : (
        <>
          <p className="hint">{t('lessons.about')}</p>
          <ul className="lesson-list">
            {LESSONS.map((l) => {
              const p = progress[l.id]
              return (
                <li key={l.id}>
                  <button type="button" className="button button-small" data-testid={`lesson-open-${l.id}`} onClick={() => void lessonsStore.getState().open(l.id)}>
                    {l.number}. {t(key(`lesson.${l.id}.title`))}
                  </button>{' '}
                  <span className="hint">{p?.completed === true ? `✓ ${t('lessons.completed')}` : t('lessons.progress', { done: String(Math.min(p?.step ?? 0, l.steps.length)), total: String(l.steps.length) })}</span>
                </li>
              )
            })}
          </ul>
        </>
      )}
    </details>
  )
}
