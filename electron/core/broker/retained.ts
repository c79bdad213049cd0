// The retained store: one message per topic name in a level tree, so a new subscription's filter finds
// its retained messages without scanning every topic. '$' topics are kept from leading wildcards
// [MQTT-4.7.2-1]; empty branches are pruned on delete (mosquitto's retain__clean_empty_hierarchy).
import type { RetainedLevel } from '../../../shared/model/broker-retained'
import type { BrokerMessage } from './message'

class Node {
  children: Map<string, Node> | null = null
  message: BrokerMessage | null = null
  /** Retained messages at and below this node, and their payload bytes: kept up to date on set and delete. */
  count = 0
  bytes = 0
  constructor(readonly parent: Node | null, readonly level: string) {}
}



export class RetainedStore {
  private readonly root = new Node(null, '')
  private readonly byTopic = new Map<string, Node>()

  get size(): number {
    return this.byTopic.size
  }

  /** Payload bytes held. */
  get bytes(): number {
    return this.root.bytes
  }

  /** Stores, replaces or (with an empty payload) clears the retained message of a topic [MQTT-3.3.1-5..7]. */
  set(message: BrokerMessage): void {
    if (message.payload.length === 0) {
      this.delete(message.topic)
      return
    }
    let node = this.byTopic.get(message.topic)
    if (node === undefined) {
      node = this.root
      for (const level of message.topic.split('/')) {
        node.children ??= new Map()
        let child = node.children.get(level)
        if (child === undefined) node.children.set(level, (child = new Node(node, level)))
        node = child
      }
      this.byTopic.set(message.topic, node)
    }
    const before = node.message
    node.message = message
    addUp(node, before === null ? 1 : 0, message.payload.length - (before?.payload.length ?? 0))
  }

  /**
   * The levels just below `path` (null: the top levels), sorted, at most `limit` of them, with how many
   * there are; null when no retained message lives at or below `path`.
   */
  levels(path: string | null, limit: number): { levels: RetainedLevel[]; total: number } | null {
    let node: Node | undefined = this.root
    if (path !== null) for (const level of path.split('/')) node = node?.children?.get(level)
    if (node === undefined) return null
    const children = [...(node.children?.values() ?? [])].sort((a, b) => (a.level < b.level ? -1 : a.level > b.level ? 1 : 0))
    const levels = children.slice(0, limit).map((c) => ({
      level: c.level, path: path === null ? c.level : `${path}/${c.level}`, count: c.count, bytes: c.bytes,
      retained: c.message !== null, hasChildren: (c.children?.size ?? 0) > 0,
    }))
    return { levels, total: children.length }
  }

  get(topic: string): BrokerMessage | undefined {
    return this.byTopic.get(topic)?.message ?? undefined
  }

  /** Removes one topic's retained message; returns it if there was one. */
  delete(topic: string): BrokerMessage | null {
    const node = this.byTopic.get(topic)
    if (node === undefined || node.message === null) return null
    const message = node.message
    node.message = null
    addUp(node, -1, -message.payload.length)
    this.byTopic.delete(topic)
    let current: Node = node
    while (current.parent !== null && current.message === null && (current.children?.size ?? 0) === 0) {
      current.parent.children?.delete(current.level)
      current = current.parent
    }
    return message
  }

  /** Every retained message whose topic matches `filter` (a valid, non-shared filter). */
  match(filter: string): BrokerMessage[] {
    const out: BrokerMessage[] = []
    collect(this.root, filter.split('/'), 0, out)
    return out
  }

  /** All retained messages. */
  values(): IterableIterator<BrokerMessage> {
    const nodes = this.byTopic.values()
    return (function* () {
      for (const node of nodes) if (node.message !== null) yield node.message
    })()
  }
}

function collect(node: Node, levels: string[], i: number, out: BrokerMessage[]): void {
  if (i === levels.length) {
    if (node.message !== null) out.push(node.message)
    return
  }
  const level = levels[i]!
  const atRoot = i === 0
  if (level === '#') {
    // 'a/#' includes 'a' itself [MQTT-4.7.1-2]
    if (node.message !== null && !atRoot) out.push(node.message)
    for (const [name, child] of node.children ?? []) {
      if (atRoot && name.startsWith('$')) continue
      all(child, out)
    }
    return
  }
  if (level === '+') {
    for (const [name, child] of node.children ?? []) {
      if (atRoot && name.startsWith('$')) continue
      collect(child, levels, i + 1, out)
    }
    return
  }
  const child = node.children?.get(level)
  if (child !== undefined) collect(child, levels, i + 1, out)
}

function all(node: Node, out: BrokerMessage[]): void {
  if (node.message !== null) out.push(node.message)
  for (const child of node.children?.values() ?? []) all(child, out)
}

/** Adds to the counts of a node and of every node above it. */
function addUp(node: Node, count: number, bytes: number): void {
  for (let n: Node | null = node; n !== null; n = n.parent) {
    n.count += count
    n.bytes += bytes
  }
}
