import { describe, expect, it } from 'vitest'
import { EN, type MessageKey } from '../../../shared/i18n/messages-en'
import { FR } from '../../../shared/i18n/messages-fr'
import {
  errorMessageKey,
  hasMessage,
  placeholdersOf,
  resolveLanguage,
  translate,
  translateCount,
  viewTitleKey,
  warningMessageKey,
} from '../../../shared/i18n/translate'
import type { AppErrorCode } from '../../../shared/model/app-error'
import type { AppWarning } from '../../../shared/model/app-status'
import type { LanguageSetting } from '../../../shared/model/settings'
import { VIEW_IDS } from '../../../shared/model/views'

const enKeys = Object.keys(EN).sort() as MessageKey[]

describe('translate', () => {
  it('fills each {name} placeholder from params', () => {
    expect(translate('en', 'status.transport.reconnecting', { seconds: 3 })).toBe('Reconnecting in 3 s')
    expect(translate('fr', 'status.transport.reconnecting', { seconds: 3 })).toBe('Reconnexion dans 3 s')
  })

  it('fills several placeholders, including one that appears in a longer message', () => {
    const text = translate('en', 'warning.settings-corrupt', { path: '/a.json', movedTo: '/a.bad', reason: 'bad JSON' })
    expect(text).toBe('Your settings file /a.json was damaged (bad JSON). It was moved to /a.bad and the default settings are in use.')
  })

  it('leaves a placeholder without a value visible', () => {
    expect(translate('en', 'status.uptime', {})).toBe('Up {duration}')
  })

  it('returns the template as is without params', () => {
    expect(translate('fr', 'view.settings.title')).toBe('Paramètres')
  })

  it.each([
    ['en', 0, '0 warnings'],
    ['en', 1, '1 warning'],
    ['en', 2, '2 warnings'],
    ['fr', 0, '0 avertissement'],
    ['fr', 1, '1 avertissement'],
    ['fr', 2, '2 avertissements'],
  ] as const)('translateCount(%s, %i) picks the plural form: %s', (lang, count, expected) => {
    expect(translateCount(lang, 'status.warnings', count)).toBe(expected)
  })
})

describe('resolveLanguage', () => {
  it.each<[LanguageSetting, string[], 'en' | 'fr']>([
    ['en', ['fr-FR'], 'en'],
    ['fr', ['en-US'], 'fr'],
    ['system', ['fr-FR', 'en-US'], 'fr'],
    ['system', ['fr'], 'fr'],
    ['system', ['FR-ca'], 'fr'],
    ['system', ['fr_BE'], 'fr'],
    ['system', ['en-GB', 'fr-FR'], 'en'],
    ['system', ['de-DE', 'fr-CH', 'en'], 'fr'],
    ['system', ['de-DE', 'es-ES'], 'en'],
    ['system', [], 'en'],
    ['system', ['frr'], 'en'],
  ])('%s with preferred %j resolves to %s', (setting, preferred, expected) => {
    expect(resolveLanguage(setting, preferred)).toBe(expected)
  })
})

describe('catalogues', () => {
  it('French has exactly the keys of English', () => {
    expect(Object.keys(FR).sort()).toEqual(enKeys)
  })

  it.each(enKeys)('%s has the same placeholders in English and French', (key) => {
    expect(placeholdersOf(FR[key]).sort()).toEqual(placeholdersOf(EN[key]).sort())
  })

  it('has no empty message', () => {
    for (const key of enKeys) {
      expect(EN[key].trim(), key).not.toBe('')
      expect(FR[key].trim(), key).not.toBe('')
    }
  })

  it('has every plural message in both forms', () => {
    for (const key of enKeys.filter((k) => k.endsWith('.one'))) expect(hasMessage(key.replace(/one$/, 'other')), key).toBe(true)
  })

  const errorCodes: AppErrorCode[] = ['bad-request', 'unknown-channel', 'forbidden', 'port-in-use', 'not-found', 'unavailable', 'timeout', 'refused', 'not-connected', 'internal']
  it.each(errorCodes)('explains the error code %s', (code) => {
    expect(hasMessage(errorMessageKey(code))).toBe(true)
  })

  it.each<[AppWarning['code'], string[]]>([
    ['settings-corrupt', ['movedTo', 'path', 'reason']],
    ['settings-unreadable', ['path', 'reason']],
    ['settings-unwritable', ['path', 'reason']],
    ['web-exposed', ['host']],
    ['broker-failed', ['reason']],
    ['persistence-failed', ['reason']],
    ['persistence-reset', ['movedTo', 'reason']],
    ['persistence-log-damaged', ['movedTo', 'reason']],
    ['history-reset', ['movedTo', 'reason']],
    ['history-unavailable', ['reason']],
    ['connections-unreadable', ['reason']],
  ])('words the warning %s with the params the backend sends', (code, params) => {
    expect(placeholdersOf(EN[warningMessageKey(code)]).sort()).toEqual(params)
  })

  it.each(VIEW_IDS)('titles the view %s', (view) => {
    expect(hasMessage(viewTitleKey(view))).toBe(true)
  })

  it.each([
    'menu.file', 'menu.edit', 'menu.view', 'menu.go', 'menu.window', 'menu.help', 'menu.settings', 'menu.about',
    'menu.quit', 'menu.reload', 'menu.toggleDevTools', 'menu.resetZoom', 'menu.zoomIn', 'menu.zoomOut',
    'menu.toggleFullScreen', 'menu.minimize', 'menu.close', 'menu.learnMore',
  ])('has the native menu label %s', (key) => {
    expect(hasMessage(key)).toBe(true)
  })
})
