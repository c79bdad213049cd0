import { describe, expect, it } from 'vitest'
import { formatJson, readPayload } from '../../../../renderer/features/publish/payload-input'
import { buildRequest, emptyDraft } from '../../../../renderer/features/publish/publish-draft'

const draft = (over: Partial<ReturnType<typeof emptyDraft>> = {}) => ({ ...emptyDraft('embedded', 'home/lamp/set'), ...over })

describe('readPayload', () => {
  it('reads text, JSON as typed, hex with spaces and 0x, and base64', () => {
    expect(readPayload('text', 'héllo')).toEqual({ ok: true, bytes: new TextEncoder().encode('héllo') })
    expect(readPayload('json', '{ "on": true }')).toEqual({ ok: true, bytes: new TextEncoder().encode('{ "on": true }') })
    expect(readPayload('hex', '0x01 ff:0A\n10')).toEqual({ ok: true, bytes: Uint8Array.of(1, 255, 10, 16) })
    expect(readPayload('base64', 'AQL/\n')).toEqual({ ok: true, bytes: Uint8Array.of(1, 2, 255) })
  })

  it('says what is wrong with JSON, hex and base64', () => {
    expect(readPayload('json', '{on: true}')).toMatchObject({ ok: false, key: 'publish.payload.badJson' })
    expect(readPayload('hex', '0g')).toEqual({ ok: false, key: 'publish.payload.badHexChar', params: { char: 'g' } })
    expect(readPayload('hex', 'abc')).toEqual({ ok: false, key: 'publish.payload.oddHex' })
    expect(readPayload('base64', 'abc')).toEqual({ ok: false, key: 'publish.payload.badBase64' })
  })

  it('indents JSON, and leaves text that is not JSON alone', () => {
    expect(formatJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}')
    expect(formatJson('{nope')).toBe('{nope')
  })
})

describe('buildRequest', () => {
  it('builds the request, with MQTT 5 properties only for an MQTT 5 connection', () => {
    const d = draft({ payload: 'ON', qos: 1, retain: true, contentType: 'text/plain', messageExpiry: '60', correlationData: 'req-1',
      responseTopic: 'home/lamp/reply', payloadIsUtf8: true, userProperties: [{ key: 'by', value: 'me' }, { key: '', value: 'ignored' }] })
    expect(buildRequest(d, true)).toEqual({ ok: true, request: {
      connectionId: 'embedded', topic: 'home/lamp/set', payload: new TextEncoder().encode('ON'), qos: 1, retain: true,
      properties: { contentType: 'text/plain', responseTopic: 'home/lamp/reply', correlationData: new TextEncoder().encode('req-1'),
        messageExpiryIntervalS: 60, payloadFormatIndicator: true, userProperties: [{ key: 'by', value: 'me' }] },
    } })
    expect(buildRequest(d, false)).toMatchObject({ ok: true, request: { qos: 1, retain: true } })
    expect(buildRequest(d, false).ok && 'properties' in (buildRequest(d, false) as { request: object }).request).toBe(false)
  })

  it('collects every problem: topic, payload, response topic and expiry', () => {
    const outcome = buildRequest(draft({ topic: 'home/+/set', format: 'json', payload: '{', responseTopic: 'a/#', messageExpiry: '-1' }), true)
    expect(outcome).toEqual({ ok: false, problems: {
      topic: { code: 'wildcard-in-name', wildcard: '+', level: 2 },
      payload: { key: 'publish.payload.badJson', params: { reason: expect.any(String) } },
      responseTopic: { code: 'wildcard-in-name', wildcard: '#', level: 2 },
      messageExpiry: 'publish.props.badExpiry',
    } })
  })

  it('an MQTT 3.1.1 connection ignores the properties and their problems', () => {
    expect(buildRequest(draft({ responseTopic: 'a/#', messageExpiry: 'soon' }), false)).toMatchObject({ ok: true })
  })
})
