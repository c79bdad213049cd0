import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SAVED_PUBLISHES_FILE, SavedPublishStore } from '../../../../electron/core/explorer/saved-publish-store'
import { MAX_RECENT_PUBLISHES, type SavedPublish } from '../../../../shared/model/saved-publish'
import { makeTempDir } from '../../../support/temp-dir'

const entry = (topic: string, payload = 'x'): SavedPublish => ({
  topic, format: 'text', payload, qos: 1, retain: false, contentType: '', responseTopic: '', correlationData: '', messageExpiry: '', payloadIsUtf8: false, userProperties: [],
})

describe('SavedPublishStore', () => {
  const dirs: Array<{ remove(): void }> = []
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()))
  const dir = () => {
    const d = makeTempDir()
    dirs.push(d)
    return d.path
  }

  it('keeps recent publishes newest first, moves a repeated one up, and stops at the maximum', async () => {
    const path = dir()
    const store = SavedPublishStore.load(path, () => undefined)
    await store.save({ kind: 'recent', entry: entry('a') })
    await store.save({ kind: 'recent', entry: entry('b') })
    await store.save({ kind: 'recent', entry: entry('a') })
    expect(store.list().recent.map((e) => e.topic)).toEqual(['a', 'b'])
    for (let i = 0; i < MAX_RECENT_PUBLISHES + 5; i++) await store.save({ kind: 'recent', entry: entry(`t${i}`) })
    expect(store.list().recent).toHaveLength(MAX_RECENT_PUBLISHES)
  })

  it('replaces a template of the same name, sorts by name, deletes, and all of it survives a restart', async () => {
    const path = dir()
    const store = SavedPublishStore.load(path, () => undefined)
    await store.save({ kind: 'template', name: 'lamp on', entry: entry('lamp/set', 'ON') })
    await store.save({ kind: 'template', name: 'alarm', entry: entry('alarm/set', '1') })
    await store.save({ kind: 'template', name: 'lamp on', entry: entry('lamp/set', '{"state":"ON"}') })
    await store.save({ kind: 'recent', entry: entry('r') })
    expect(store.list().templates.map((t) => [t.name, t.entry.payload])).toEqual([['alarm', '1'], ['lamp on', '{"state":"ON"}']])
    await store.deleteTemplate('alarm')
    const again = SavedPublishStore.load(path, () => undefined)
    expect(again.list()).toEqual({ recent: [entry('r')], templates: [{ name: 'lamp on', entry: entry('lamp/set', '{"state":"ON"}') }] })
  })

  it('moves an unreadable file aside with a warning and starts empty', () => {
    const path = dir()
    writeFileSync(join(path, SAVED_PUBLISHES_FILE), '{ not json')
    const warnings: string[] = []
    const store = SavedPublishStore.load(path, (w) => warnings.push(w))
    expect(store.list()).toEqual({ recent: [], templates: [] })
    expect(warnings[0]).toMatch(/publishes\.json was unreadable .* it was moved to .*publishes\.json\.corrupt-/)
    expect(existsSync(join(path, SAVED_PUBLISHES_FILE))).toBe(false)
    expect(readdirSync(path).some((f) => f.startsWith(`${SAVED_PUBLISHES_FILE}.corrupt-`))).toBe(true)
  })
})
