// The broker's persistence modes (the MQTT primer's three) and durability levels, shared by the backend,
// its command line and the settings view.

/**
 * none: everything lives in memory. queued: sessions, subscriptions, offline queues and retained messages
 * are stored, and a queued message leaves the store once written to the subscriber. acknowledged: QoS 1/2
 * messages leave the store only when the subscriber acknowledges them.
 */
export type PersistenceMode = 'none' | 'queued' | 'acknowledged'
/** 'process' survives a crash of the process (kill -9); 'power' also a power loss (fsync on each commit). */
export type Durability = 'process' | 'power'

export const PERSISTENCE_MODES: readonly PersistenceMode[] = ['none', 'queued', 'acknowledged']
export const DURABILITIES: readonly Durability[] = ['process', 'power']
