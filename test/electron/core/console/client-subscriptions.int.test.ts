// Subscriptions added and removed by the console, against a real broker: an offline session then queues
// what matches (and the retained messages of a new subscription), and stops once it is removed.
import { afterEach, describe, expect, it } from 'vitest'
import { addClientSubscription, removeClientSubscription } from '../../../../electron/core/console/client-subscriptions'
import { connectedClient } from '../../../support/raw-client'
import { startTestBroker } from '../../../support/test-broker'

const sub = (filter: string, over: object = {}) => ({ filter, qos: 1 as const, noLocal: false, retainAsPublished: false, retainHandling: 0 as const, subscriptionId: null, ...over })

describe('console: a client’s subscriptions', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('adds a subscription to an offline session (with the retained messages it matches), and removes it', async () => {
    const broker = await startTestBroker()
    cleanups.push(() => broker.close())
    const away = await connectedClient(broker.port, { clientId: 'away', version: 5, properties: { sessionExpiryInterval: 600 } })
    away.client.send({ cmd: 'disconnect', reasonCode: 0 })
    await away.client.closed
    const pub = await connectedClient(broker.port, { clientId: 'pub' })
    cleanups.push(() => pub.client.end())
    const publish = async (topic: string, retain: boolean, id: number) => {
      pub.client.send({ cmd: 'publish', topic, payload: Buffer.from('x'), qos: 1, messageId: id, retain, dup: false })
      await pub.client.next('puback')
    }
    await publish('alerts/old', true, 1)
    const session = broker.broker.sessions.get('away')!

    addClientSubscription(broker.broker, 'away', sub('alerts/#', { noLocal: true }))
    expect(session.subscriptions.get('alerts/#')).toMatchObject({ qos: 1, noLocal: true })
    expect(session.queue.length).toBe(1) // the retained alerts/old, for the new subscription
    await publish('alerts/new', false, 2)
    expect(session.queue.length).toBe(2)

    removeClientSubscription(broker.broker, 'away', 'alerts/#')
    await publish('alerts/later', false, 3)
    expect(session.queue.length).toBe(2)
    expect(() => removeClientSubscription(broker.broker, 'away', 'alerts/#')).toThrow(/has no subscription/)
    expect(() => addClientSubscription(broker.broker, 'away', sub('a/#/b'))).toThrow(/'#' must be the last level/)
    expect(() => addClientSubscription(broker.broker, 'away', sub('$share/g/a', { noLocal: true }))).toThrow(/No Local/)
  })

  it('follows the same rules as SUBSCRIBE: the ACL’s read check on retained messages, and the subscriptions limit', async () => {
    // The client may read alerts/public only (by its user name, as an ACL would).
    const broker = await startTestBroker({
      policy: { authorizeRead: (client, topic) => client.username === 'ada' && topic === 'alerts/public' },
      limits: { maxSubscriptionsPerClient: 1 },
    })
    cleanups.push(() => broker.close())
    const away = await connectedClient(broker.port, { clientId: 'away', username: 'ada', version: 5, properties: { sessionExpiryInterval: 600 } })
    away.client.send({ cmd: 'disconnect', reasonCode: 0 })
    await away.client.closed
    const pub = await connectedClient(broker.port, { clientId: 'pub' })
    cleanups.push(() => pub.client.end())
    for (const [i, topic] of ['alerts/public', 'alerts/secret'].entries()) {
      pub.client.send({ cmd: 'publish', topic, payload: Buffer.from('x'), qos: 1, messageId: i + 1, retain: true, dup: false })
      await pub.client.next('puback')
    }
    addClientSubscription(broker.broker, 'away', sub('alerts/#'))
    const session = broker.broker.sessions.get('away')!
    expect(session.queue.length).toBe(1) // alerts/public only
    expect(() => addClientSubscription(broker.broker, 'away', sub('other/#'))).toThrow(/already has 1 subscriptions, the broker's limit/)
  })

  it('gives a 3.1.1 session the 3.1.1 defaults, whatever options were asked', async () => {
    const broker = await startTestBroker()
    cleanups.push(() => broker.close())
    const old = await connectedClient(broker.port, { clientId: 'old', version: 4, clean: false })
    cleanups.push(() => old.client.end())
    addClientSubscription(broker.broker, 'old', sub('x/#', { noLocal: true, retainAsPublished: true, retainHandling: 2, subscriptionId: 9 }))
    expect(broker.broker.sessions.get('old')!.subscriptions.get('x/#')).toEqual({ qos: 1, noLocal: false, retainAsPublished: false, retainHandling: 0, subscriptionId: null })
  })
})
