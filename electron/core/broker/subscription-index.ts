// Which sessions want a topic: a TopicTrie of filters, with shared subscriptions ($share/group/filter)
// kept as one group entry per filter that hands each message to one member in turn [MQTT-4.8.2-…].
import { parseSharedFilter } from '../../../shared/mqtt/topic'
import { TopicTrie } from '../../../shared/mqtt/topic-trie'
import type { SubscriptionOptions } from './session'

interface DirectEntry {
  kind: 'direct'
  clientId: string
  options: SubscriptionOptions
}

interface SharedGroup {
  kind: 'shared'
  group: string
  members: Map<string, SubscriptionOptions>
  /** Round-robin position in `members`. */
  cursor: number
}

/** Receives one matching subscription per call; shared groups call it once, for the chosen member. */
export type MatchVisitor = (clientId: string, options: SubscriptionOptions, shared: boolean) => void

export class SubscriptionIndex {
  private readonly trie = new TopicTrie<DirectEntry | SharedGroup>()
  private subscriptionCount = 0

  /** Subscriptions held, counting each shared member once ($SYS/broker/subscriptions/count). */
  get size(): number {
    return this.subscriptionCount
  }

  /** Adds or replaces a subscription; returns true when it is new [MQTT-3.8.4-3]. */
  add(clientId: string, fullFilter: string, options: SubscriptionOptions): boolean {
    const shared = parseSharedFilter(fullFilter)
    if (shared === null) {
      const isNew = this.trie.get(fullFilter, clientId) === undefined
      this.trie.add(fullFilter, clientId, { kind: 'direct', clientId, options })
      if (isNew) this.subscriptionCount++
      return isNew
    }
    const key = `$share/${shared.group}`
    let group = this.trie.get(shared.filter, key) as SharedGroup | undefined
    if (group === undefined) {
      group = { kind: 'shared', group: shared.group, members: new Map(), cursor: 0 }
      this.trie.add(shared.filter, key, group)
    }
    const isNew = !group.members.has(clientId)
    group.members.set(clientId, options)
    if (isNew) this.subscriptionCount++
    return isNew
  }

  /** Removes one subscription; returns false when it did not exist [MQTT-3.10.4-…]. */
  remove(clientId: string, fullFilter: string): boolean {
    const shared = parseSharedFilter(fullFilter)
    if (shared === null) {
      const removed = this.trie.remove(fullFilter, clientId)
      if (removed) this.subscriptionCount--
      return removed
    }
    const key = `$share/${shared.group}`
    const group = this.trie.get(shared.filter, key) as SharedGroup | undefined
    if (group === undefined || !group.members.delete(clientId)) return false
    this.subscriptionCount--
    if (group.members.size === 0) this.trie.remove(shared.filter, key)
    return true
  }

  /**
   * Visits every subscription matching `topicName`. For a shared group, `pick` chooses the member
   * (round robin, preferring connected members); the visitor sees only that one.
   */
  match(topicName: string, visit: MatchVisitor, isConnected: (clientId: string) => boolean): void {
    this.trie.forEachMatch(topicName, (_key, entry) => {
      if (entry.kind === 'direct') {
        visit(entry.clientId, entry.options, false)
        return
      }
      const chosen = pickMember(entry, isConnected)
      if (chosen !== null) visit(chosen[0], chosen[1], true)
    })
  }

  /** Every filter with its subscribers (for the console). */
  *entries(): IterableIterator<{ filter: string; clientId: string; group: string | null; options: SubscriptionOptions }> {
    for (const filter of this.trie.filters()) {
      for (const [, entry] of this.trie.entriesAt(filter)) {
        if (entry.kind === 'direct') yield { filter, clientId: entry.clientId, group: null, options: entry.options }
        else for (const [clientId, options] of entry.members) yield { filter, clientId, group: entry.group, options }
      }
    }
  }
}

/** Next member after the cursor, skipping disconnected ones unless all are (then their queues take it). */
function pickMember(group: SharedGroup, isConnected: (clientId: string) => boolean): [string, SubscriptionOptions] | null {
  const members = [...group.members]
  if (members.length === 0) return null
  for (let i = 0; i < members.length; i++) {
    const index = (group.cursor + i) % members.length
    const member = members[index]!
    if (isConnected(member[0])) {
      group.cursor = index + 1
      return member
    }
  }
  const member = members[group.cursor % members.length]!
  group.cursor++
  return member
}
