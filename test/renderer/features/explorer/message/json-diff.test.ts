import { describe, expect, it } from 'vitest'
import { diffJson, diffLines } from '../../../../../renderer/features/explorer/message/json-diff'

describe('diffJson', () => {
  it('names changed, added and removed paths with their values, in document order', () => {
    const before = { state: 'ON', brightness: 120, color: { x: 0.3, y: 0.3 }, old: true }
    const after = { state: 'OFF', brightness: 120, color: { x: 0.4, y: 0.3 }, linkquality: 96 }
    expect(diffJson(before, after)).toEqual([
      { path: 'state', kind: 'changed', before: 'ON', after: 'OFF' },
      { path: 'color.x', kind: 'changed', before: 0.3, after: 0.4 },
      { path: 'old', kind: 'removed', before: true },
      { path: 'linkquality', kind: 'added', after: 96 },
    ])
  })

  it('compares arrays index by index, and quotes keys that are not identifiers', () => {
    expect(diffJson({ 'a b': [1, 2, 3] }, { 'a b': [1, 5] })).toEqual([
      { path: '["a b"][1]', kind: 'changed', before: 2, after: 5 },
      { path: '["a b"][2]', kind: 'removed', before: 3 },
    ])
  })

  it('an object replaced by an array, or a different root type, is one change', () => {
    expect(diffJson({ a: { b: 1 } }, { a: [1] })).toEqual([{ path: 'a', kind: 'changed', before: { b: 1 }, after: [1] }])
    expect(diffJson([1], { a: 1 })).toEqual([{ path: '', kind: 'changed', before: [1], after: { a: 1 } }])
  })

  it('equal documents give no change, and the list stops at the limit', () => {
    expect(diffJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([])
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]))
    expect(diffJson({}, many, 10)).toHaveLength(10)
  })
})

describe('diffLines', () => {
  it('keeps common lines and marks the others added or removed', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ])
  })

  it('gives up (null) beyond the line limit', () => {
    expect(diffLines('a\n'.repeat(10), 'b', 5)).toBeNull()
  })
})
