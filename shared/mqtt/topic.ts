// Topic names and topic filters: validation with readable messages, and the reference single-pair matcher.
// Pure string work on JS strings (UTF-16); never touches bytes on the wire, Node or packages.
import { describeTopicProblem, type TopicProblem, type TopicSubject } from './topic-problem'

/** Limits a checker applies on top of the spec's own rules. */
export interface TopicCheckOptions {
  /**
   * Most levels allowed. The spec sets none, but every level costs a trie node, so brokers cap it
   * (aedes' `maxTopicLevels`); the broker passes `BrokerLimits`' value. Default: no limit.
   */
  maxLevels?: number
  /** Most UTF-8 bytes allowed; never more than {@link MAX_TOPIC_BYTES}, which is also the default. */
  maxBytes?: number
}

/**
 * A topic name or filter is a UTF-8 Encoded String, whose 2-byte length prefix caps it at
 * 65,535 bytes [MQTT-4.7.3-3].
 */
export const MAX_TOPIC_BYTES = 65_535

/** The prefix of an MQTT 5.0 shared subscription filter, `$share/{ShareName}/{filter}` [MQTT-4.8.2-1]. */
export const SHARED_PREFIX = '$share/'

/** The two sides of a shared subscription filter. */
export interface SharedFilter {
  /** The ShareName: the group whose members share the messages. */
  group: string
  /** The topic filter that is actually matched against topic names. */
  filter: string
}

/**
 * Checks a topic name (PUBLISH, Will Topic, retained lookups).
 * @returns null when valid, else one sentence saying what is wrong and at which level (1-based).
 */
export function checkTopicName(name: string, opts: TopicCheckOptions = {}): string | null {
  const problem = findTopicNameProblem(name, opts)
  return problem === null ? null : describeTopicProblem(problem)
}

/** What is wrong with a topic name, as data (see topic-problem.ts), or null when it is valid. */
export function findTopicNameProblem(name: string, opts: TopicCheckOptions = {}): TopicProblem | null {
  // [MQTT-4.7.3-1] All Topic Names and Topic Filters MUST be at least one character long.
  if (name === '') return { code: 'empty', subject: 'name' }
  const scan = scanText(name, 'name')
  if (scan.problem !== null) return scan.problem
  const levels = name.split('/')
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as string
    // MQTT 3.1.1 [MQTT-4.7.1-1] / 5.0 [MQTT-4.7.0-1], and [MQTT-3.3.2-2] for PUBLISH.
    for (const wildcard of ['+', '#'] as const) {
      if (level.includes(wildcard)) return { code: 'wildcard-in-name', wildcard, level: i + 1 }
    }
  }
  return checkSize('name', scan.bytes, levels.length, opts)
}

/**
 * Checks a subscription topic filter, including the `$share/{ShareName}/{filter}` form of MQTT 5.0.
 * Levels are numbered over the whole string, so `$share/g/a/#/b` reports '#' at level 4.
 * `maxLevels` applies to the part that is matched (after the group for a shared filter).
 * @returns null when valid, else one sentence saying what is wrong and how to fix it.
 */
export function checkTopicFilter(filter: string, opts: TopicCheckOptions = {}): string | null {
  const problem = findTopicFilterProblem(filter, opts)
  return problem === null ? null : describeTopicProblem(problem)
}

/** What is wrong with a topic filter, as data (see topic-problem.ts), or null when it is valid. */
export function findTopicFilterProblem(filter: string, opts: TopicCheckOptions = {}): TopicProblem | null {
  // [MQTT-4.7.3-1] All Topic Names and Topic Filters MUST be at least one character long.
  if (filter === '') return { code: 'empty', subject: 'filter' }
  const scan = scanText(filter, 'filter')
  if (scan.problem !== null) return scan.problem
  let levels = filter.split('/')
  let offset = 0
  if (filter.startsWith(SHARED_PREFIX)) {
    // [MQTT-4.8.2-1] a ShareName at least one character long; [MQTT-4.8.2-2] without '/', '+' or '#'
    // (a '/' ends it by construction), followed by '/' and a Topic Filter.
    const group = levels[1] as string
    if (group === '') return { code: 'share-no-group' }
    for (const wildcard of ['+', '#'] as const) {
      if (group.includes(wildcard)) return { code: 'share-group-wildcard', wildcard }
    }
    if (levels.length < 3 || filter.length === SHARED_PREFIX.length + group.length + 1) return { code: 'share-no-filter' }
    offset = 2
    levels = levels.slice(offset)
  }
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as string
    const at = offset + i + 1
    // 3.1.1 [MQTT-4.7.1-2] / 5.0 [MQTT-4.7.1-1]: '#' on its own after a separator, and last.
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return { code: 'hash-not-last', level: at }
    // 3.1.1 [MQTT-4.7.1-3] / 5.0 [MQTT-4.7.1-2]: '+' must occupy an entire level.
    if (level.includes('+') && level !== '+') return { code: 'plus-not-whole', level: at }
  }
  return checkSize('filter', scan.bytes, levels.length, opts)
}

/**
 * Splits a shared subscription filter into its group and the filter that is matched.
 * @returns null unless `filter` is `$share/{group}/{rest}` with a group free of wildcards and a
 *   non-empty rest; the rest itself is not validated (call {@link checkTopicFilter} first).
 */
export function parseSharedFilter(filter: string): SharedFilter | null {
  if (!filter.startsWith(SHARED_PREFIX)) return null
  const slash = filter.indexOf('/', SHARED_PREFIX.length)
  if (slash === -1) return null
  const group = filter.slice(SHARED_PREFIX.length, slash)
  const rest = filter.slice(slash + 1)
  if (group === '' || rest === '' || group.includes('+') || group.includes('#')) return null
  return { group, filter: rest }
}

/** The levels of a topic name or filter: split on every '/', so 'a//b' has an empty middle level. */
export function topicLevels(name: string): string[] {
  return name.split('/')
}

/**
 * True for names that start with '$' (`$SYS/…`): server-specific topics that filters starting
 * with a wildcard do not match [MQTT-4.7.2-1].
 */
export function isSysTopic(name: string): boolean {
  return name.startsWith('$')
}

/**
 * Whether `topicName` matches `filter`: '+' matches exactly one level (which may be empty); a final
 * '#' matches its parent level and any number of children ('sport/#' matches 'sport'); filters
 * starting with a wildcard never match names starting with '$' [MQTT-4.7.2-1]. Matching is exact,
 * with no normalisation [MQTT-4.7.3-4]. For a shared subscription pass the filter part from
 * {@link parseSharedFilter}. This is the reference behaviour that `TopicTrie` must reproduce.
 */
export function matchesFilter(filter: string, topicName: string): boolean {
  const f = filter.split('/')
  const t = topicName.split('/')
  if (isSysTopic(topicName) && (f[0] === '+' || f[0] === '#')) return false
  for (let i = 0; i < f.length; i++) {
    const level = f[i]
    if (level === '#' && i === f.length - 1) return true
    if (i >= t.length) return false
    if (level !== '+' && level !== t[i]) return false
  }
  return f.length === t.length
}

/**
 * The number of bytes `text` takes in UTF-8, counted from code points without TextEncoder.
 * A lone surrogate counts as 3 bytes, the size of the U+FFFD an encoder would substitute.
 */
export function utf8ByteLength(text: string): number {
  return scanText(text, 'name').bytes
}

interface Scan {
  bytes: number
  problem: TopicProblem | null
}

/** One pass over the UTF-16 code units: UTF-8 size plus the first character the spec forbids. */
function scanText(text: string, subject: TopicSubject): Scan {
  let bytes = 0
  let level = 1
  let problem: TopicProblem | null = null
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) {
      bytes += 1
      if (c === 0x2f) level++
      // 3.1.1 [MQTT-1.5.3-2] / 5.0 [MQTT-1.5.4-2], and [MQTT-4.7.3-2] for topics.
      else if (c === 0 && problem === null) problem = { code: 'null-char', subject, level }
    } else if (c < 0x800) {
      bytes += 2
    } else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4 // a surrogate pair is one code point above U+FFFF
      i++
    } else {
      bytes += 3
      // 3.1.1 [MQTT-1.5.3-1] / 5.0 [MQTT-1.5.4-1]: U+D800..U+DFFF have no well-formed UTF-8 encoding.
      if (c >= 0xd800 && c <= 0xdfff && problem === null) problem = { code: 'surrogate', subject, level, codePoint: codePoint(c) }
    }
  }
  return { bytes, problem }
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff // NaN past the end is false
}

function codePoint(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`
}

function checkSize(subject: TopicSubject, bytes: number, levels: number, opts: TopicCheckOptions): TopicProblem | null {
  const maxBytes = Math.min(opts.maxBytes ?? MAX_TOPIC_BYTES, MAX_TOPIC_BYTES)
  if (bytes > maxBytes) return { code: 'too-long', subject, bytes, max: maxBytes }
  const maxLevels = opts.maxLevels ?? Number.POSITIVE_INFINITY
  if (levels > maxLevels) return { code: 'too-many-levels', subject, levels, max: maxLevels }
  return null
}

/**
 * Whether some topic name matches both filters (both may hold wildcards): levels pair up when equal or
 * when either is '+'; a '#' on either side covers the rest, including its parent level ('a/#' and 'a').
 * A '$' topic is never matched by a leading wildcard [MQTT-4.7.2-1], so '#' and '$SYS/x' do not overlap.
 */
export function filtersOverlap(a: string, b: string): boolean {
  const x = a.split('/')
  const y = b.split('/')
  const firstX = x[0] as string
  const firstY = y[0] as string
  if ((firstX.startsWith('$') && (firstY === '+' || firstY === '#')) || (firstY.startsWith('$') && (firstX === '+' || firstX === '#'))) return false
  for (let i = 0; ; i++) {
    const p = x[i]
    const q = y[i]
    if (p === '#' || q === '#') return true
    if (p === undefined || q === undefined) return p === undefined && q === undefined ? true : (p ?? q) === '#'
    if (p !== q && p !== '+' && q !== '+') return false
  }
}
