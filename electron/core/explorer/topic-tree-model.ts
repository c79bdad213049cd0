// The live topic tree of one connection: per-node counters, capped previews and 10 s rates, with dirty tracking.
// Plain Node, no Electron, no timers: the caller feeds messages and a clock; the UpdateBatcher pulls the changes.
import type { TopicNodeStats } from '../../../shared/model/topic-tree'

/** Preview bytes kept per node by default: enough to recognise JSON or text, small enough to ship in deltas. */
export const DEFAULT_PREVIEW_BYTES = 1024
/**
 * Nodes kept per connection by default. A Zigbee2MQTT or Home Assistant broker has a few thousand topics;
 * 50,000 covers the 20,000-topic bench with room, at roughly 25 MB of nodes worst case.
 */
export const DEFAULT_MAX_NODES = 50_000
/** Bytes of preview buffers per connection by default, so 50,000 nodes with 1 KiB payloads stay at 16 MiB. */
export const DEFAULT_PREVIEW_BUDGET_BYTES = 16 * 1024 * 1024
/** The rate window: 10 one-second buckets. */
export const RATE_WINDOW_SECONDS = 10

const MIN_PREVIEW_ALLOC_BYTES = 16

/** The ring index of an epoch second (also correct for negative seconds of test clocks). */
const slot = (second: number): number => ((second % RATE_WINDOW_SECONDS) + RATE_WINDOW_SECONDS) % RATE_WINDOW_SECONDS

/** Limits and hooks of a TopicTreeModel. */
export interface TopicTreeModelOptions {
  /** Preview bytes kept per node (the full size is always counted). Default DEFAULT_PREVIEW_BYTES. */
  previewBytes?: number
  /** Preview bytes kept across all nodes; beyond it previews stay at their current size (and say they are cut). */
  previewBudgetBytes?: number
  /** Maximum nodes; messages needing a new node beyond it are counted in `droppedTopics`, not stored. */
  maxNodes?: number
  /** The clock for rates in stats (epoch ms). Default Date.now. */
  now?: () => number
}

/** What the model needs to know about one message besides its topic and payload. */
export interface IngestInfo {
  qos: 0 | 1 | 2
  retain: boolean
  /** Receive time, epoch ms. */
  at: number
}

/** One tree node; internal, never crosses IPC (see `toStats`). */
class TopicNode {
  children: Map<string, TopicNode> | null = null
  messages = 0
  messagesBelow = 0
  topicsBelow = 0
  preview: Uint8Array | null = null
  previewLength = 0
  lastPayloadSize = 0
  retained = false
  lastQos: 0 | 1 | 2 | null = null
  bytes = 0
  updatedAt = 0
  /** Messages per second of the last RATE_WINDOW_SECONDS seconds, indexed by epoch second modulo the window. */
  buckets: Uint32Array | null = null
  /** Epoch second of the newest bucket. */
  newestSecond = 0
  dirty = false
  removed = false

  constructor(readonly parent: TopicNode | null, readonly level: string, readonly path: string) {}
}

/**
 * The live tree of one connection. `ingest` costs O(topic levels); for a known topic it allocates nothing but a
 * view when the preview is cut (the preview buffer is reused). A new topic allocates its nodes once.
 *
 * Bounded: at most `maxNodes` nodes, each preview at most `previewBytes`, all previews at most
 * `previewBudgetBytes`. A message whose topic would need nodes beyond `maxNodes` is not stored: it is
 * counted in `droppedTopics` (per message, since remembering the refused topics would itself grow).
 *
 * Changes are pulled with `takeDirty()` / `takeRemoved()`; `onChange` fires once when the first change
 * (or drop) after a take happens, so a batcher can schedule a flush without a call per message.
 */
export class TopicTreeModel {
  /** Bumps whenever nodes are added or removed. */
  structureVersion = 0
  /** Messages refused because their topic needed new nodes beyond `maxNodes` (counted per message). */
  droppedTopics = 0
  /** Ingests on a topic that was already waiting to be taken: coalesced into one update. */
  coalescedUpdates = 0
  /** Called once per take cycle, on the first change or drop after a take. Must not throw. */
  onChange: (() => void) | null = null

  private readonly root = new TopicNode(null, '', '')
  private readonly byPath = new Map<string, TopicNode>()
  private dirtyNodes: TopicNode[] = []
  private readonly removedPaths = new Set<string>()
  private signalled = false
  private previewBytesInUse = 0
  private readonly previewBytes: number
  private readonly previewBudgetBytes: number
  private readonly maxNodes: number
  private readonly now: () => number

  constructor(readonly connectionId: string, options: TopicTreeModelOptions = {}) {
    this.previewBytes = options.previewBytes ?? DEFAULT_PREVIEW_BYTES
    this.previewBudgetBytes = options.previewBudgetBytes ?? DEFAULT_PREVIEW_BUDGET_BYTES
    this.maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES
    this.now = options.now ?? Date.now
  }

  /** Number of nodes in the tree (intermediate levels included). */
  get nodeCount(): number {
    return this.byPath.size
  }

  /** Preview buffer bytes held across all nodes. */
  get previewBytesHeld(): number {
    return this.previewBytesInUse
  }

  /** Records one message. Returns false when it was dropped because of the node cap. */
  ingest(topic: string, payload: Uint8Array, info: IngestInfo): boolean {
    const node = this.byPath.get(topic) ?? this.create(topic)
    if (node === null) {
      this.droppedTopics++
      this.signal()
      return false
    }
    const size = payload.length
    const firstMessage = node.messages === 0
    if (node.dirty) this.coalescedUpdates++
    node.messages++
    node.bytes += size
    node.lastPayloadSize = size
    node.lastQos = info.qos
    // A retained message sets the flag and an empty retained one clears the topic [MQTT-3.3.1-6];
    // a live message (retain 0) leaves whatever the broker holds unchanged.
    if (info.retain) node.retained = size > 0
    this.keepPreview(node, payload)
    this.countRate(node, info.at)
    for (let n: TopicNode = node; n !== this.root; n = n.parent as TopicNode) {
      n.messagesBelow++
      if (firstMessage) n.topicsBelow++
      if (info.at > n.updatedAt) n.updatedAt = info.at
      this.markDirty(n)
    }
    return true
  }

  /**
   * The topics whose last message this connection saw was a non-empty retained one: `path` itself, and
   * with `subtree` every topic below it too (in depth-first order), at most `limit` of them.
   */
  retainedTopics(path: string, subtree: boolean, limit = Number.POSITIVE_INFINITY): string[] {
    const start = this.byPath.get(path)
    if (start === undefined) return []
    const found: string[] = []
    const visit = (node: TopicNode): void => {
      if (found.length >= limit) return
      if (node.retained) found.push(node.path)
      if (subtree && node.children !== null) for (const child of node.children.values()) visit(child)
    }
    visit(start)
    return found
  }

  /**
   * Removes a node (a cleared retained topic). With `subtree`, or when it has no children, the node and everything
   * below it go, and parents left empty (no messages, no children) are pruned. Without `subtree`, a node with
   * children stays as an intermediate level and only forgets its own messages. Returns the removed paths.
   */
  remove(path: string, options: { subtree: boolean } = { subtree: false }): string[] {
    const node = this.byPath.get(path)
    if (node === undefined) return []
    const removed: string[] = []
    if (!options.subtree && node.children !== null && node.children.size > 0) {
      const messages = node.messages
      const wasTopic = messages > 0
      this.releasePreview(node)
      node.messages = 0
      node.bytes = 0
      node.lastPayloadSize = 0
      node.lastQos = null
      node.retained = false
      node.buckets = null
      this.adjustAncestors(node, messages, wasTopic ? 1 : 0)
      return removed
    }
    this.detach(node, removed)
    this.adjustAncestors(node.parent as TopicNode, node.messagesBelow, node.topicsBelow)
    for (let p = node.parent as TopicNode; p !== this.root && p.messages === 0 && p.children?.size === 0; ) {
      const up = p.parent as TopicNode
      this.detach(p, removed)
      p = up
    }
    this.structureVersion++
    this.signal()
    return removed
  }

  /**
   * Marks dirty every node whose rate window still holds messages, so decaying rates reach the UI, and
   * forgets windows that emptied. Call about once a second; costs O(nodes).
   */
  refreshRates(at: number = this.now()): void {
    const second = Math.floor(at / 1000)
    for (const node of this.byPath.values()) {
      if (node.buckets === null) continue
      if (second - node.newestSecond >= RATE_WINDOW_SECONDS) node.buckets = null
      this.markDirty(node)
    }
  }

  /** The nodes changed since the last take, each once, as stats rows. */
  takeDirty(): TopicNodeStats[] {
    const now = this.now()
    const out: TopicNodeStats[] = []
    for (const node of this.dirtyNodes) {
      node.dirty = false
      if (!node.removed) out.push(this.toStats(node, now))
    }
    this.dirtyNodes = []
    this.signalled = false
    return out
  }

  /** The paths removed since the last take. A path re-created since is also in the next `takeDirty()`. */
  takeRemoved(): string[] {
    const out = [...this.removedPaths]
    this.removedPaths.clear()
    return out
  }

  /** Every node as a stats row, parents before children. Does not consume dirty state. */
  snapshot(): TopicNodeStats[] {
    const now = this.now()
    const out: TopicNodeStats[] = []
    const stack: TopicNode[] = []
    const pushChildren = (n: TopicNode): void => {
      if (n.children !== null) stack.push(...[...n.children.values()].reverse())
    }
    pushChildren(this.root)
    for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
      out.push(this.toStats(n, now))
      pushChildren(n)
    }
    return out
  }

  /** Creates the nodes of a new topic, or returns null when they would exceed `maxNodes`. */
  private create(topic: string): TopicNode | null {
    // Find the deepest existing ancestor, then check the cap before allocating anything.
    let missing = 1
    let end = topic.lastIndexOf('/')
    while (end >= 0 && !this.byPath.has(topic.slice(0, end))) {
      missing++
      end = end > 0 ? topic.lastIndexOf('/', end - 1) : -1
    }
    if (this.byPath.size + missing > this.maxNodes) return null
    let parent = end >= 0 ? (this.byPath.get(topic.slice(0, end)) as TopicNode) : this.root
    let start = end + 1
    for (;;) {
      const slash = topic.indexOf('/', start)
      const stop = slash < 0 ? topic.length : slash
      const node = new TopicNode(parent, topic.slice(start, stop), topic.slice(0, stop))
      ;(parent.children ??= new Map()).set(node.level, node)
      this.byPath.set(node.path, node)
      if (slash < 0) {
        this.structureVersion++
        return node
      }
      parent = node
      start = slash + 1
    }
  }

  private keepPreview(node: TopicNode, payload: Uint8Array): void {
    let want = Math.min(payload.length, this.previewBytes)
    const capacity = node.preview?.length ?? 0
    if (want > capacity) {
      const grown = Math.min(this.previewBytes, Math.max(want, capacity * 2, MIN_PREVIEW_ALLOC_BYTES))
      if (this.previewBytesInUse - capacity + grown <= this.previewBudgetBytes) {
        this.previewBytesInUse += grown - capacity
        node.preview = new Uint8Array(grown)
      } else {
        want = capacity // over the global budget: keep the buffer we have, the preview says it is cut
      }
    }
    if (want > 0) (node.preview as Uint8Array).set(want === payload.length ? payload : payload.subarray(0, want))
    node.previewLength = want
  }

  private releasePreview(node: TopicNode): void {
    this.previewBytesInUse -= node.preview?.length ?? 0
    node.preview = null
    node.previewLength = 0
  }

  private countRate(node: TopicNode, at: number): void {
    const second = Math.floor(at / 1000)
    let buckets = node.buckets
    if (buckets === null) {
      buckets = node.buckets = new Uint32Array(RATE_WINDOW_SECONDS)
      node.newestSecond = second
    }
    const ahead = second - node.newestSecond
    if (ahead > 0) {
      // Clear the buckets of the seconds skipped since the newest one (at most the whole ring).
      for (let s = 1; s <= Math.min(ahead, RATE_WINDOW_SECONDS); s++) buckets[slot(node.newestSecond + s)] = 0
      node.newestSecond = second
    } else if (ahead <= -RATE_WINDOW_SECONDS) {
      return // older than the window (a clock step back): counted in messages, not in the rate
    }
    buckets[slot(second)]! += 1
  }

  private rate(node: TopicNode, now: number): number {
    const buckets = node.buckets
    if (buckets === null) return 0
    const oldest = Math.floor(now / 1000) - RATE_WINDOW_SECONDS + 1
    let sum = 0
    for (let s = Math.max(oldest, node.newestSecond - RATE_WINDOW_SECONDS + 1); s <= node.newestSecond; s++) {
      sum += buckets[slot(s)]!
    }
    return sum / RATE_WINDOW_SECONDS
  }

  private adjustAncestors(from: TopicNode, messages: number, topics: number): void {
    for (let n = from; n !== this.root; n = n.parent as TopicNode) {
      n.messagesBelow -= messages
      n.topicsBelow -= topics
      this.markDirty(n)
    }
    this.signal()
  }

  /** Unlinks a node and its subtree, recording every removed path. */
  private detach(node: TopicNode, removed: string[]): void {
    node.parent?.children?.delete(node.level)
    const stack = [node]
    for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
      if (n.children !== null) stack.push(...n.children.values())
      this.releasePreview(n)
      n.removed = true
      this.byPath.delete(n.path)
      this.removedPaths.add(n.path)
      removed.push(n.path)
    }
  }

  private markDirty(node: TopicNode): void {
    if (node.dirty) return
    node.dirty = true
    this.dirtyNodes.push(node)
    this.signal()
  }

  private signal(): void {
    if (this.signalled) return
    this.signalled = true
    this.onChange?.()
  }

  private toStats(n: TopicNode, now: number): TopicNodeStats {
    return {
      path: n.path,
      connectionId: this.connectionId,
      messages: n.messages,
      messagesBelow: n.messagesBelow,
      topicsBelow: n.topicsBelow,
      lastPayloadPreview: n.messages > 0 ? (n.preview?.slice(0, n.previewLength) ?? new Uint8Array(0)) : null,
      lastPayloadSize: n.lastPayloadSize,
      previewTruncated: n.previewLength < n.lastPayloadSize,
      retained: n.retained,
      lastQos: n.lastQos,
      ratePerSec: this.rate(n, now),
      bytes: n.bytes,
      updatedAt: n.updatedAt,
      childCount: n.children?.size ?? 0,
    }
  }
}
