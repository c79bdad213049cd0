import { describe, expect, it } from 'vitest'
import { MAX_PUBLISH_PAYLOAD_BYTES, parsePublishRequest } from '../../../shared/model/publish'

const ok = { connectionId: 'embedded', topic: 'a/b', payload: Uint8Array.of(1), qos: 1, retain: false }

describe('parsePublishRequest', () => {
  it('accepts a request with MQTT 5 properties', () => {
    const properties = { contentType: 'text/plain', messageExpiryIntervalS: 5, correlationData: Uint8Array.of(9), userProperties: [{ key: 'k', value: 'v' }] }
    expect(parsePublishRequest({ ...ok, properties })).toEqual({ ...ok, properties })
  })

  it.each([
    [{ ...ok, topic: 'a/+' }, "Topic names cannot contain '+' (level 2); wildcards are for subscriptions"],
    [{ ...ok, topic: '' }, 'A topic name cannot be empty'],
    [{ ...ok, payload: 'text' }, 'The payload must be bytes.'],
    [{ ...ok, payload: new Uint8Array(MAX_PUBLISH_PAYLOAD_BYTES + 1) }, /the UI sends at most/],
    [{ ...ok, qos: 3 }, 'QoS must be 0, 1 or 2.'],
    [{ ...ok, retain: 'yes' }, 'Retain must be true or false.'],
    [{ ...ok, connectionId: '' }, 'A publish request needs a connection id.'],
    [{ ...ok, properties: { messageExpiryIntervalS: -1 } }, /whole number of seconds/],
    [{ ...ok, properties: { responseTopic: 'r/#' } }, /^Response topic: Topic names cannot contain '#'/],
    [{ ...ok, properties: { userProperties: [{ key: 1 }] } }, /list of \{ key, value \}/],
    [null, 'A publish request must be an object.'],
  ])('refuses %j', (raw, reason) => {
    const result = parsePublishRequest(raw)
    expect(typeof result).toBe('string')
    if (typeof reason === 'string') expect(result).toBe(reason)
    else expect(result).toMatch(reason)
  })
})
