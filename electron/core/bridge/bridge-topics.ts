// How a bridge's topic rules map topics between the embedded broker and the remote, as mosquitto's bridge
// does: an `out` rule subscribes locally to local-prefix + pattern and publishes to the remote with the
// local prefix swapped for the remote one; `in` the other way; `both` does both.
import type { BridgeDirection, BridgeTopicRule } from '../../../shared/model/bridge'
import { matchesFilter } from '../../../shared/mqtt/topic'

/** Which way a message travels. */
export type Leg = 'out' | 'in'

const goes = (direction: BridgeDirection, leg: Leg) => direction === 'both' || direction === leg

/** The filter to subscribe to on the side a leg starts from (local for out, remote for in). */
export function sourceFilter(rule: BridgeTopicRule, leg: Leg): string {
  return (leg === 'out' ? rule.localPrefix : rule.remotePrefix) + rule.pattern
}

/** The rules that carry messages along `leg`. */
export function rulesFor(rules: BridgeTopicRule[], leg: Leg): BridgeTopicRule[] {
  return rules.filter((r) => goes(r.direction, leg))
}

/**
 * Where a message on `topic` goes along `leg`: the first rule whose source filter matches it decides,
 * its prefix swapped for the other side's. null: no rule takes it.
 */
export function mapTopic(rules: BridgeTopicRule[], leg: Leg, topic: string): { topic: string; rule: BridgeTopicRule } | null {
  for (const rule of rules) {
    if (!goes(rule.direction, leg) || !matchesFilter(sourceFilter(rule, leg), topic)) continue
    const from = leg === 'out' ? rule.localPrefix : rule.remotePrefix
    const to = leg === 'out' ? rule.remotePrefix : rule.localPrefix
    // An empty pattern maps one whole topic to another.
    return { topic: rule.pattern === '' ? to : to + topic.slice(from.length), rule }
  }
  return null
}
