// Bridge topic lines read as mosquitto reads them, and topics mapped between the two brokers by prefix.
import { describe, expect, it } from 'vitest'
import { mapTopic, rulesFor, sourceFilter } from '../../../../electron/core/bridge/bridge-topics'
import { formatBridgeTopicLine, parseBridgeSave, parseBridgeTopicLine, parseBridgeTopicLines, type BridgeTopicRule } from '../../../../shared/model/bridge'

const rule = (line: string): BridgeTopicRule => {
  const r = parseBridgeTopicLine(line)
  if (typeof r === 'string') throw new Error(r)
  return r
}

describe('bridge topic lines', () => {
  it('reads the forms mosquitto takes, with its defaults (out, QoS 0, no prefixes)', () => {
    expect(rule('topic sensors/#')).toEqual({ pattern: 'sensors/#', direction: 'out', qos: 0, localPrefix: '', remotePrefix: '' })
    expect(rule('topic # both 2')).toMatchObject({ direction: 'both', qos: 2 })
    expect(rule('topic temp/+ in 1 home/ site-a/')).toEqual({ pattern: 'temp/+', direction: 'in', qos: 1, localPrefix: 'home/', remotePrefix: 'site-a/' })
    expect(rule('topic # out 1 "" cloud/')).toMatchObject({ localPrefix: '', remotePrefix: 'cloud/' })
    expect(rule('topic "" out 1 local/lamp remote/lamp')).toMatchObject({ pattern: '', localPrefix: 'local/lamp', remotePrefix: 'remote/lamp' })
    expect(formatBridgeTopicLine(rule('topic # out 1 "" cloud/'))).toBe('topic # out 1 "" cloud/')
  })

  it('names what is wrong in a line, by line number', () => {
    const { rules, problems } = parseBridgeTopicLines('# a comment\ntopic a/# sideways 1\n\ntopic a/# out 3\ntopic a/# out 1 home/\ntopic a/#/b\ntopic x out 1 h+/ r/\ntopic ok/#')
    expect(rules).toHaveLength(1)
    expect(problems).toEqual([
      'Line 2: "sideways" is not a direction: use out, in or both.',
      'Line 4: "3" is not a QoS: use 0, 1 or 2.',
      'Line 5: A local prefix needs a remote prefix after it (write "" for none).',
      expect.stringMatching(/^Line 6: a\/#\/b: /),
      'Line 7: A prefix cannot hold a wildcard: h+/',
    ])
  })

  it('maps topics by swapping prefixes, first matching rule first, each leg its own rules', () => {
    const rules = [rule('topic sensors/# out 1 home/ site-a/'), rule('topic commands/# in 1 home/ site-a/'), rule('topic chat/# both 0'), rule('topic "" out 1 local/lamp remote/lamp')]
    expect(sourceFilter(rules[0]!, 'out')).toBe('home/sensors/#')
    expect(sourceFilter(rules[1]!, 'in')).toBe('site-a/commands/#')
    expect(rulesFor(rules, 'in').map((r) => r.pattern)).toEqual(['commands/#', 'chat/#'])
    expect(mapTopic(rules, 'out', 'home/sensors/kitchen/temp')?.topic).toBe('site-a/sensors/kitchen/temp')
    expect(mapTopic(rules, 'in', 'site-a/commands/heat')?.topic).toBe('home/commands/heat')
    expect(mapTopic(rules, 'out', 'home/commands/heat')).toBeNull() // an `in` rule does not carry out
    expect(mapTopic(rules, 'in', 'chat/room')?.topic).toBe('chat/room')
    expect(mapTopic(rules, 'out', 'local/lamp')?.topic).toBe('remote/lamp')
  })

  it('checks a whole bridge from the page', () => {
    const base = { id: 'b1', name: 'Cloud', enabled: true, url: 'mqtts://broker.example.com:8883', protocolVersion: 5, clientId: 'home', cleanSession: false,
      username: 'ada', caFile: '', verifyCertificate: true, topics: [rule('topic # out 1')] }
    expect(parseBridgeSave(base)).toMatchObject({ id: 'b1', url: 'mqtts://broker.example.com:8883' })
    expect(parseBridgeSave({ ...base, password: 'pw' })).toMatchObject({ password: 'pw' })
    expect(parseBridgeSave(base)).not.toHaveProperty('password') // left out: the stored one is kept
    expect(parseBridgeSave({ ...base, url: 'http://x' })).toMatch(/not a broker URL/)
    expect(parseBridgeSave({ ...base, url: 'mqtt://h:99999' })).toBe('Port 99999 is out of range.')
    expect(parseBridgeSave({ ...base, topics: [] })).toBe('A bridge needs at least one topic line.')
    expect(parseBridgeSave({ ...base, topics: [{ ...rule('topic # out 1'), localPrefix: 7 }] })).toMatch(/without spaces/)
    expect(parseBridgeSave({ ...base, id: '../x' })).toMatch(/bridge id/)
  })
})
