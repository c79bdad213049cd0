// The live topic tree as plain data crossing IPC: one stats row per node, coalesced deltas and snapshots.
// Epoch ms and Uint8Array only; no Node types, no classes (this file is compiled without Node).

/**
 * One node of a connection's topic tree: a topic level, with its own counters and its subtree's totals.
 * Intermediate nodes (levels nobody published to) have `messages` 0 and a null preview.
 */
export interface TopicNodeStats {
  /** The full topic of this node (`home/kitchen/temp`); empty levels are kept (`a//b`, `/a`). The key of the row. */
  path: string
  /** The connection whose tree holds this node. */
  connectionId: string
  /** Messages received on this exact topic. */
  messages: number
  /** Messages received on this node and every topic below it. */
  messagesBelow: number
  /** Topics with at least one message in this node's subtree, this node included. */
  topicsBelow: number
  /**
   * The first bytes of the last payload received on this exact topic, or null before any message.
   * Capped by the model (`previewBytes`, and a global preview budget); `previewTruncated` says when it is cut.
   */
  lastPayloadPreview: Uint8Array | null
  /** The full size in bytes of the last payload, whatever the preview holds. */
  lastPayloadSize: number
  /** True when `lastPayloadPreview` holds fewer than `lastPayloadSize` bytes: never cut silently, show the size. */
  previewTruncated: boolean
  /** The broker holds a retained message here: set by a retained message, cleared by an empty retained one. */
  retained: boolean
  /** QoS of the last message on this exact topic; null before any message. */
  lastQos: 0 | 1 | 2 | null
  /** Messages per second on this exact topic, averaged over the last 10 s (per-second buckets). */
  ratePerSec: number
  /** Payload bytes received on this exact topic. */
  bytes: number
  /** When a message last arrived on this node or below it, epoch ms; 0 for none. Keys the activity flash. */
  updatedAt: number
  /** Number of direct children. */
  childCount: number
}

/**
 * What changed in one connection's tree since the previous delta (pushed on `tree:delta`, about every 100 ms).
 * Apply `upserts` (replace whole rows by `path`) and `removed` of one delta together: a path is in at most one of them.
 */
export interface TopicTreeDelta {
  connectionId: string
  /** 1 for the first delta of a connection, then +1 per delta. A gap means a lost delta: ask for a snapshot. */
  seq: number
  /** Nodes added or changed, latest state only (updates in between were coalesced). */
  upserts: TopicNodeStats[]
  /** Paths of nodes removed (cleared retained topics and their emptied parents). */
  removed: string[]
  /** Changes whenever nodes were added or removed: rebuild the flattened visible list only then. */
  structureVersion: number
  /** Messages the tree could not show since the connection started (node cap reached), counted, never silent. */
  droppedUpdates: number
}

/**
 * The whole tree of one connection, for a renderer that starts, reloads or saw a `seq` gap.
 * Parents come before their children. Apply deltas with `seq` greater than this `seq` only.
 */
export interface TopicTreeSnapshot {
  connectionId: string
  /** The `seq` of the last delta sent before this snapshot was taken. */
  seq: number
  nodes: TopicNodeStats[]
  structureVersion: number
}
