// Every limit of the broker in one place, with its unit in its name and the story behind its default.
// Configurable from mosquitto.conf (message_size_limit, max_inflight_messages, max_queued_messages…).

/** What the broker drops when a session queue is full: the message that just arrived (mosquitto) or the oldest (EMQX). */
export type QueueDropPolicy = 'drop-newest' | 'drop-oldest'

export interface BrokerLimits {
  /** Largest packet accepted from a client; a larger declared length ends the connection (v5: 0x95). */
  maxPacketBytes: number
  /** Connections beyond this are refused (v5 CONNACK 0x97 Quota exceeded; 3.1.1: 3 Server unavailable). */
  maxConnections: number
  /** A socket that has not sent CONNECT by then is closed, so idle sockets cannot pile up. */
  connectTimeoutMs: number
  /** Outbound QoS 1/2 messages awaiting acknowledgment per client, for 3.1.1 clients (v5 clients set their Receive Maximum). */
  maxInflightMessages: number
  /** Inbound QoS 2 messages awaiting PUBREL per client; sent to v5 clients as our Receive Maximum. */
  receiveMaximum: number
  /** Messages held per session while offline or while the inflight window is full. */
  maxQueuedMessages: number
  /** Bytes of payload held per session queue (0 = no byte limit). */
  maxQueuedBytes: number
  /** mosquitto's queue_qos0_messages: whether QoS 0 messages wait for an offline persistent session. */
  queueQos0WhenOffline: boolean
  queueDropPolicy: QueueDropPolicy
  /** Topic levels per name or filter; deep topics cost trie nodes (aedes' maxTopicLevels story). */
  maxTopicLevels: number
  /** Subscriptions one client may hold; SUBACK 0x97 beyond it. */
  maxSubscriptionsPerClient: number
  /** Topic aliases a v5 client may use towards us (sent as Topic Alias Maximum in CONNACK). */
  topicAliasMaximum: number
  /** 0 = the client's keep-alive is accepted; otherwise v5 clients asking for more (or 0) get Server Keep Alive. */
  maxKeepAliveSeconds: number
  /** Unsent bytes a client's socket may hold before its deliveries wait in its session queue instead. */
  maxSocketBufferBytes: number
  /** Highest QoS the broker accepts and grants (v5 Maximum QoS); a v5 PUBLISH above it ends the connection (0x9B). */
  maximumQos: 0 | 1 | 2
  /** A client whose socket does not drain within this time is disconnected, so a frozen reader cannot hold memory. */
  drainTimeoutMs: number
  /** $SYS topics are refreshed at this interval (mosquitto's sys_interval; 0 = off). */
  sysIntervalMs: number
}

export const DEFAULT_LIMITS: BrokerLimits = {
  maxPacketBytes: 256 * 1024 * 1024, // the protocol's own maximum is 268,435,455 bytes
  maxConnections: 10_000,
  connectTimeoutMs: 10_000,
  maxInflightMessages: 20, // mosquitto's max_inflight_messages default
  receiveMaximum: 100,
  maxQueuedMessages: 1000, // mosquitto's max_queued_messages default
  maxQueuedBytes: 0,
  queueQos0WhenOffline: false,
  queueDropPolicy: 'drop-newest',
  maxTopicLevels: 128,
  maxSubscriptionsPerClient: 1000,
  topicAliasMaximum: 10,
  maxKeepAliveSeconds: 0,
  maxSocketBufferBytes: 1024 * 1024,
  maximumQos: 2,
  drainTimeoutMs: 30_000,
  sysIntervalMs: 10_000,
}

/** Fills missing limits with the defaults. */
export function resolveLimits(partial: Partial<BrokerLimits> = {}): BrokerLimits {
  return { ...DEFAULT_LIMITS, ...partial }
}
