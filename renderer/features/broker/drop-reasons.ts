// The reasons a broker drops a message, with the message key that names each one in the console.
import type { MessageKey } from '../../../shared/i18n/translate'
import type { DropCounts } from '../../../shared/model/broker-clients'

export const DROP_REASON_KEYS: ReadonlyArray<[keyof DropCounts, MessageKey]> = [
  ['queue-full', 'broker.drop.queue-full'],
  ['expired', 'broker.drop.expired'],
  ['too-large', 'broker.drop.too-large'],
  ['not-authorized', 'broker.drop.not-authorized'],
  ['no-subscribers', 'broker.drop.no-subscribers'],
]
