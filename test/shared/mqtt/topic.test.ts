// Topic name/filter validation messages, shared filters, UTF-8 sizes and the single-pair matcher.
import { describe, expect, it } from 'vitest'
import {
  checkTopicFilter,
  checkTopicName,
  isSysTopic,
  matchesFilter,
  MAX_TOPIC_BYTES,
  parseSharedFilter,
  topicLevels,
  utf8ByteLength,
} from '../../../shared/mqtt/topic'

const GRINNING = '\u{1F600}' // outside the BMP: a surrogate pair, 4 UTF-8 bytes

describe('matchesFilter', () => {
  it.each([
    ['sport/tennis', 'sport/tennis', true, 'an exact filter matches the same name'],
    ['sport/tennis', 'sport/Tennis', false, 'matching is case-sensitive'],
    ['sport/#', 'sport', true, "'sport/#' matches its parent 'sport'"],
    ['sport/#', 'sport/tennis/player1', true, "'#' matches any number of child levels"],
    ['sport/#', 'sport/', true, "'#' matches an empty child level"],
    ['sport/#', 'sports', false, "'sport/#' does not match 'sports'"],
    ['#', 'a/b/c', true, "'#' alone matches every non-$ name"],
    ['#', '/', true, "'#' matches a name made of empty levels"],
    ['a/+', 'a/b', true, "'+' matches one level"],
    ['a/+', 'a/', true, "'+' matches an empty level"],
    ['a/+', 'a', false, "'a/+' does not match 'a' (one level short)"],
    ['a/+', 'a/b/c', false, "'a/+' does not match 'a/b/c'"],
    ['+/+', '/finance', true, "'+/+' matches '/finance' (empty first level)"],
    ['/+', '/finance', true, "'/+' matches '/finance'"],
    ['+', '/finance', false, "'+' does not match '/finance' (two levels)"],
    ['+/#', 'a', true, "'+/#' matches a single level"],
    ['a/+/c', 'a/b/c', true, "'+' matches a middle level"],
    ['a/+/c', 'a/b/d', false, 'levels after a wildcard must still match'],
    ['a//b', 'a//b', true, 'empty levels match exactly'],
    ['#', '$SYS/x', false, "'$SYS/x' is not matched by '#' [MQTT-4.7.2-1]"],
    ['+/x', '$SYS/x', false, "'$SYS/x' is not matched by '+/x' [MQTT-4.7.2-1]"],
    ['$SYS/#', '$SYS/x', true, "'$SYS/x' is matched by '$SYS/#'"],
    ['$SYS/#', '$SYS', true, "'$SYS/#' matches '$SYS'"],
    ['$SYS/+', '$SYS/x', true, "'$SYS/+' matches '$SYS/x'"],
    ['a/+', 'a/$x', true, "only a leading '$' is special: 'a/+' matches 'a/$x'"],
  ])('%s vs %s → %s (%s)', (filter, name, expected) => {
    expect(matchesFilter(filter, name)).toBe(expected)
  })
})

describe('checkTopicName', () => {
  it.each(['a', 'a/b', '/', 'a//b', '$SYS/broker', 'sport/tennis/player1', `emoji/${GRINNING}`, ' '])(
    'accepts %j',
    (name) => {
      expect(checkTopicName(name)).toBeNull()
    },
  )

  it.each([
    ['', 'A topic name cannot be empty'],
    ['a/+', "Topic names cannot contain '+' (level 2); wildcards are for subscriptions"],
    ['a/b/#', "Topic names cannot contain '#' (level 3); wildcards are for subscriptions"],
    ['x+y', "Topic names cannot contain '+' (level 1); wildcards are for subscriptions"],
    ['a/b\u0000c', 'Topic names cannot contain a null character, U+0000 (level 2)'],
    ['a/\uD83D', 'Topic names must be valid UTF-8: unpaired surrogate U+D83D (level 2)'],
    ['\uDE00/a', 'Topic names must be valid UTF-8: unpaired surrogate U+DE00 (level 1)'],
    [`${GRINNING.slice(1)}${GRINNING.slice(0, 1)}`, 'Topic names must be valid UTF-8: unpaired surrogate U+DE00 (level 1)'],
  ])('rejects %j: %s', (name, message) => {
    expect(checkTopicName(name)).toBe(message)
  })

  it('rejects a name over 65535 UTF-8 bytes, counting multi-byte characters', () => {
    const name = 'é'.repeat(35_000) // 2 bytes each
    expect(checkTopicName(name)).toBe('The topic name is 70000 bytes; the limit is 65535')
  })

  it('accepts a name of exactly 65535 bytes', () => {
    expect(checkTopicName('a'.repeat(MAX_TOPIC_BYTES))).toBeNull()
  })

  it('applies a smaller maxBytes, but never one above the spec limit', () => {
    expect(checkTopicName('abcdef', { maxBytes: 5 })).toBe('The topic name is 6 bytes; the limit is 5')
    expect(checkTopicName('a'.repeat(70_000), { maxBytes: 100_000 })).toBe(
      'The topic name is 70000 bytes; the limit is 65535',
    )
  })

  it('rejects too many levels when maxLevels is set', () => {
    expect(checkTopicName('a/b/c/d', { maxLevels: 3 })).toBe('The topic name has 4 levels; the limit is 3')
    expect(checkTopicName('a/b/c', { maxLevels: 3 })).toBeNull()
  })
})

describe('checkTopicFilter', () => {
  it.each(['#', '+', 'a/#', 'a/+/c', '+/+', '/#', '$SYS/#', 'a//+', '$share/group/a/#', '$share/g/+', '$share/g//'])(
    'accepts %j',
    (filter) => {
      expect(checkTopicFilter(filter)).toBeNull()
    },
  )

  it.each([
    ['', 'A topic filter cannot be empty'],
    ['a/#/c', "'#' must be the last level on its own (level 2)"],
    ['a/b/c#', "'#' must be the last level on its own (level 3)"],
    ['a/b#/c', "'#' must be the last level on its own (level 2)"],
    ['##', "'#' must be the last level on its own (level 1)"],
    ['a/b+', "'+' must occupy a whole level on its own (level 2)"],
    ['+a/b', "'+' must occupy a whole level on its own (level 1)"],
    ['a\u0000', 'Topic filters cannot contain a null character, U+0000 (level 1)'],
    ['a/+/\uDBFF', 'Topic filters must be valid UTF-8: unpaired surrogate U+DBFF (level 3)'],
    ['$share/', 'A shared subscription needs a group name: $share/group/filter'],
    ['$share//a', 'A shared subscription needs a group name: $share/group/filter'],
    ['$share/group', 'A shared subscription needs a filter after the group name: $share/group/filter'],
    ['$share/group/', 'A shared subscription needs a filter after the group name: $share/group/filter'],
    ['$share/g+/a', "A shared subscription group name cannot contain '+'"],
    ['$share/#/a', "A shared subscription group name cannot contain '#'"],
    ['$share/g/a/#/b', "'#' must be the last level on its own (level 4)"],
  ])('rejects %j: %s', (filter, message) => {
    expect(checkTopicFilter(filter)).toBe(message)
  })

  it('treats "$share" without a slash as an ordinary filter', () => {
    expect(checkTopicFilter('$share')).toBeNull()
  })

  it('counts maxLevels over the matched part of a shared filter', () => {
    expect(checkTopicFilter('$share/g/a/b', { maxLevels: 2 })).toBeNull()
    expect(checkTopicFilter('$share/g/a/b/c', { maxLevels: 2 })).toBe('The topic filter has 3 levels; the limit is 2')
  })

  it('rejects a filter over the byte limit', () => {
    expect(checkTopicFilter(`${GRINNING.repeat(20_000)}/#`)).toBe(
      'The topic filter is 80002 bytes; the limit is 65535',
    )
  })
})

describe('parseSharedFilter', () => {
  it.each([
    ['$share/group/a/b', { group: 'group', filter: 'a/b' }],
    ['$share/g/#', { group: 'g', filter: '#' }],
    ['$share/g//', { group: 'g', filter: '/' }],
  ])('splits %j', (input, expected) => {
    expect(parseSharedFilter(input)).toEqual(expected)
  })

  it.each(['a/b', '$share', '$share/', '$share//a', '$share/g', '$share/g/', '$share/g+/a', '$SHARE/g/a'])(
    'returns null for %j',
    (input) => {
      expect(parseSharedFilter(input)).toBeNull()
    },
  )
})

describe('utf8ByteLength', () => {
  it.each([
    ['', 0, 'the empty string is 0 bytes'],
    ['abc', 3, 'ASCII is 1 byte per character'],
    ['\u007F', 1, 'U+007F is the last 1-byte code point'],
    ['\u0080', 2, 'U+0080 is the first 2-byte code point'],
    ['é', 2, 'Latin-1 letters are 2 bytes'],
    ['\u07FF', 2, 'U+07FF is the last 2-byte code point'],
    ['\u0800', 3, 'U+0800 is the first 3-byte code point'],
    ['€', 3, 'the euro sign is 3 bytes'],
    ['\uFFFF', 3, 'U+FFFF is 3 bytes'],
    [GRINNING, 4, 'a non-BMP character (surrogate pair) is 4 bytes, not 6'],
    ['\u{10FFFF}', 4, 'U+10FFFF is 4 bytes'],
    [`a${GRINNING}é€`, 10, 'mixed widths add up'],
    ['\uD83D', 3, 'a lone high surrogate counts as U+FFFD, 3 bytes'],
    ['\uDE00a', 4, 'a lone low surrogate counts as U+FFFD, 3 bytes'],
  ])('%j is %i bytes (%s)', (text, bytes) => {
    expect(utf8ByteLength(text)).toBe(bytes)
  })
})

describe('topicLevels and isSysTopic', () => {
  it.each([
    ['a/b', ['a', 'b']],
    ['/', ['', '']],
    ['a//b', ['a', '', 'b']],
    ['a', ['a']],
  ])('splits %j into %j', (name, levels) => {
    expect(topicLevels(name)).toEqual(levels)
  })

  it.each([
    ['$SYS/broker', true],
    ['$x', true],
    ['a/$SYS', false],
    ['SYS', false],
  ])('isSysTopic(%j) is %s', (name, expected) => {
    expect(isSysTopic(name)).toBe(expected)
  })
})
