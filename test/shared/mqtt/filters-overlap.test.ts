// filtersOverlap: whether two filters share at least one topic name, with a brute-force cross-check.
import { describe, expect, it } from 'vitest'
import { filtersOverlap, matchesFilter } from '../../../shared/mqtt/topic'

describe('filtersOverlap', () => {
  it.each([
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
    ['a/+', 'a/b', true],
    ['+/b', 'a/+', true],
    ['a/#', 'a', true], // 'a/#' matches its parent level
    ['a/#', 'b/#', false],
    ['#', 'anything/at/all', true],
    ['a/+', 'a/b/c', false],
    ['a/+/c', 'a/#', true],
    ['#', '$SYS/x', false], // a leading wildcard never matches '$' topics [MQTT-4.7.2-1]
    ['+/x', '$SYS/x', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
    ['a', 'a/+', false],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(filtersOverlap(a, b)).toBe(expected)
    expect(filtersOverlap(b, a)).toBe(expected)
  })

  it('agrees with a brute-force search over a small topic space', () => {
    const levels = ['a', 'b', '$s']
    const names: string[] = []
    for (const x of levels) {
      names.push(x)
      for (const y of levels.slice(0, 2)) {
        names.push(`${x}/${y}`)
        for (const z of levels.slice(0, 2)) names.push(`${x}/${y}/${z}`)
      }
    }
    const filters = ['#', '+', 'a', 'a/#', '+/b', 'a/+', '$s/#', '+/+/a', 'b/+/#', '$s/a', 'a/b/#', '+/#']
    for (const f of filters) {
      for (const g of filters) {
        const brute = names.some((n) => matchesFilter(f, n) && matchesFilter(g, n))
        expect(filtersOverlap(f, g), `${f} vs ${g}`).toBe(brute)
      }
    }
  })
})
