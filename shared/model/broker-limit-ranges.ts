// The range each user-set broker limit may take, checked where settings come in (the page, the file)
// and shown beside each field. Memory stays bounded: no limit may be "unlimited".
import type { BrokerLimitSettings } from './settings'

export interface LimitRange {
  min: number
  max: number
}

type NumericLimit = Exclude<keyof BrokerLimitSettings, 'queueQos0WhenOffline'>

export const LIMIT_RANGES: Record<NumericLimit, LimitRange> = {
  maxConnections: { min: 1, max: 1_000_000 },
  // Packet ids are 16 bits: no more than 65,535 can be in flight [MQTT-2.2.1-3].
  maxInflightMessages: { min: 1, max: 65_535 },
  maxQueuedMessages: { min: 1, max: 10_000_000 },
  maxQueuedBytes: { min: 0, max: 1024 ** 4 },
  // A packet is at most 268,435,455 bytes of remaining length plus a 5-byte fixed header.
  maxPacketBytes: { min: 1024, max: 268_435_460 },
  // Keep Alive is a 16-bit number of seconds [MQTT-3.1.2-20].
  maxKeepAliveSeconds: { min: 0, max: 65_535 },
}
