// mosquitto.conf subset: each directive's effect, each mistake with its line and sentence, mosquitto 2's defaults.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrokerConfig } from '../../../../../electron/core/broker/config/broker-config'
import { MESSAGE_SIZE_HEADROOM_BYTES, UNLIMITED, parseMosquittoConf } from '../../../../../electron/core/broker/config/mosquitto-conf'

const BASE = resolve('/etc/mosquitto')
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n'
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n'

/** Files under BASE, read like fs.readFileSync would: a Node-style ENOENT error for anything else. */
function memoryFs(files: Record<string, string>): (path: string) => string {
  return (path) => {
    const name = Object.keys(files).find((f) => resolve(BASE, f) === path)
    if (name !== undefined) return files[name]!
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' })
  }
}

const DEFAULT_FILES = { 'server.crt': CERT, 'server.key': KEY, 'ca.crt': CERT, passwd: 'alice:$7$…', acl: 'topic readwrite #' }

function parse(text: string, files: Record<string, string> = DEFAULT_FILES) {
  return parseMosquittoConf(text, { fileName: 'mosquitto.conf', baseDir: BASE, readFile: memoryFs(files) })
}

describe('parseMosquittoConf: directives', () => {
  it.each<[string, (c: BrokerConfig) => unknown, unknown]>([
    ['allow_anonymous true', (c) => c.allowAnonymous, true],
    ['allow_anonymous false', (c) => c.allowAnonymous, false],
    ['password_file passwd', (c) => c.passwordFile, resolve(BASE, 'passwd')],
    ['acl_file acl', (c) => c.aclFile, resolve(BASE, 'acl')],
    ['max_inflight_messages 10', (c) => c.limits.maxInflightMessages, 10],
    ['max_inflight_messages 0', (c) => c.limits.maxInflightMessages, 65_535],
    ['max_queued_messages 100', (c) => c.limits.maxQueuedMessages, 100],
    ['max_queued_messages 0', (c) => c.limits.maxQueuedMessages, UNLIMITED],
    ['max_queued_bytes 4096', (c) => c.limits.maxQueuedBytes, 4096],
    ['queue_qos0_messages true', (c) => c.limits.queueQos0WhenOffline, true],
    ['message_size_limit 1000', (c) => c.limits.maxPacketBytes, 1000 + MESSAGE_SIZE_HEADROOM_BYTES],
    ['message_size_limit 268435455', (c) => c.limits.maxPacketBytes, 268_435_460],
    ['message_size_limit 0', (c) => c.limits.maxPacketBytes, undefined],
    ['max_connections 50', (c) => c.limits.maxConnections, 50],
    ['max_connections -1', (c) => c.limits.maxConnections, UNLIMITED],
    ['max_keepalive 60', (c) => c.limits.maxKeepAliveSeconds, 60],
    ['sys_interval 5', (c) => c.limits.sysIntervalMs, 5000],
    ['sys_interval 0', (c) => c.limits.sysIntervalMs, 0],
    ['persistence true', (c) => c.persistence.mode, 'acknowledged'],
    ['persistence false', (c) => c.persistence.mode, 'none'],
    ['persistence_location data/', (c) => c.persistence.location, resolve(BASE, 'data')],
    ['persistence_location /var/lib/mosquitto/', (c) => c.persistence.location, resolve('/var/lib/mosquitto')],
    ['per_listener_settings false', (c) => c.listeners.length, 1],
  ])('%s', (line, pick, expected) => {
    const result = parse(line)
    expect(result.errors).toEqual([])
    expect(pick(result.config)).toEqual(expected)
  })

  it.each<[string, Partial<BrokerConfig['listeners'][number]>]>([
    ['listener 1883', { port: 1883, host: '0.0.0.0', protocol: 'mqtt', tls: null }],
    ['listener 1883 192.168.1.10', { port: 1883, host: '192.168.1.10' }],
    ['listener 1883 ::1', { host: '::1' }],
    ['listener 0 127.0.0.1', { port: 0, host: '127.0.0.1' }],
    ['listener 9001\nprotocol websockets', { port: 9001, protocol: 'websockets', wsPath: '/mqtt' }],
    ['listener 9001\nprotocol mqtt', { protocol: 'mqtt' }],
    ['port 1884', { port: 1884, host: '0.0.0.0' }],
    ['port 1884\nprotocol websockets', { port: 1884, protocol: 'websockets' }],
    ['listener 8883\ncertfile server.crt\nkeyfile server.key', { tls: { cert: CERT, key: KEY, ca: null, requireCertificate: false, useIdentityAsUsername: false } }],
    ['listener 8883\ncertfile server.crt\nkeyfile server.key\ncafile ca.crt\nrequire_certificate true\nuse_identity_as_username true',
      { tls: { cert: CERT, key: KEY, ca: CERT, requireCertificate: true, useIdentityAsUsername: true } }],
  ])('%j makes one listener', (text, expected) => {
    const result = parse(text)
    expect(result.errors).toEqual([])
    expect(result.definesListeners).toBe(true)
    expect(result.config.listeners).toHaveLength(1)
    expect(result.config.listeners[0]).toMatchObject(expected)
  })

  it('ignores comments, blank lines, indentation, trailing whitespace, CRLF and a trailing # comment', () => {
    const result = parse('# broker\r\n\r\n   \n  listener 1883   \r\n\tallow_anonymous true # dev only\r\n#max_connections x\n')
    expect(result.errors).toEqual([])
    expect(result.config.listeners).toMatchObject([{ port: 1883 }])
    expect(result.config.allowAnonymous).toBe(true)
  })

  it('a later value of a global option wins, as in mosquitto', () => {
    expect(parse('max_keepalive 10\nmax_keepalive 20').config.limits.maxKeepAliveSeconds).toBe(20)
  })
})

describe('parseMosquittoConf: mosquitto 2 defaults', () => {
  it('without listener or port lines: one listener on 127.0.0.1:1883 (local only), anonymous allowed', () => {
    const result = parse('max_keepalive 30\n')
    expect(result.definesListeners).toBe(false)
    expect(result.config.listeners).toEqual([{ port: 1883, host: '127.0.0.1', protocol: 'mqtt', tls: null, wsPath: '/mqtt' }])
    expect(result.config.allowAnonymous).toBe(true)
    expect(result.warnings).toEqual([])
  })

  it('an empty file is the same local-only broker', () => {
    expect(parse('').config.listeners).toMatchObject([{ port: 1883, host: '127.0.0.1' }])
  })

  it('once a listener is defined, anonymous clients are refused unless allowed, and it says why nobody can connect', () => {
    const result = parse('listener 1883')
    expect(result.config.allowAnonymous).toBe(false)
    expect(result.warnings.map((w) => w.message)).toEqual([
      "mosquitto.conf: no client can connect: allow_anonymous defaults to false when listeners are defined (as in mosquitto 2) and there is no password_file; add 'allow_anonymous true' or a password_file",
    ])
  })

  it('a password file keeps allow_anonymous false without a warning', () => {
    const result = parse('listener 1883\npassword_file passwd')
    expect(result.config.allowAnonymous).toBe(false)
    expect(result.warnings).toEqual([])
  })
})

describe('parseMosquittoConf: errors name the line', () => {
  it.each([
    ['listner 1883', "mosquitto.conf line 1: unknown directive 'listner' (did you mean 'listener'?)"],
    ['frobnicate 1', "mosquitto.conf line 1: unknown directive 'frobnicate'"],
    ['# settings\n\nmax_inflight_messages ten', "mosquitto.conf line 3: max_inflight_messages needs a whole number, got 'ten'"],
    ['max_inflight_messages 70000', 'mosquitto.conf line 1: max_inflight_messages must be from 0 to 65535, got 70000'],
    ['max_inflight_messages 2.5', "mosquitto.conf line 1: max_inflight_messages needs a whole number, got '2.5'"],
    ['max_inflight_messages', 'mosquitto.conf line 1: max_inflight_messages needs a whole number'],
    ['max_queued_messages 1 2', "mosquitto.conf line 1: max_queued_messages takes one value, got '1 2'"],
    ['max_queued_bytes -1', 'mosquitto.conf line 1: max_queued_bytes must be from 0 to 9007199254740991, got -1'],
    ['allow_anonymous yes', "mosquitto.conf line 1: allow_anonymous needs true or false, got 'yes'"],
    ['queue_qos0_messages', 'mosquitto.conf line 1: queue_qos0_messages needs true or false'],
    ['message_size_limit 268435456', 'mosquitto.conf line 1: message_size_limit must be from 0 to 268435455, got 268435456'],
    ['max_connections 0', 'mosquitto.conf line 1: max_connections needs -1 (no limit) or at least 1, got 0'],
    ['max_keepalive 65536', 'mosquitto.conf line 1: max_keepalive must be from 0 to 65535, got 65536'],
    ['sys_interval -5', 'mosquitto.conf line 1: sys_interval must be from 0 to 2147483, got -5'],
    ['port 70000', 'mosquitto.conf line 1: port must be from 0 to 65535, got 70000'],
    ['listener', "mosquitto.conf line 1: listener needs a port and an optional bind address, got ''"],
    ['listener abc', "mosquitto.conf line 1: listener needs a port from 0 to 65535, got 'abc'"],
    ['listener 1883 0.0.0.0 extra', "mosquitto.conf line 1: listener needs a port and an optional bind address, got '1883 0.0.0.0 extra'"],
    ['listener 0 /run/mosquitto.sock', "mosquitto.conf line 1: listener '/run/mosquitto.sock': Unix sockets are not supported"],
    ['listener 1883\nlistener 1883', 'mosquitto.conf line 2: a listener on port 1883 (0.0.0.0) is already defined on line 1'],
    ['protocol websockets', "mosquitto.conf line 1: protocol sets an option of a listener: put it after a 'listener <port>' line"],
    ['certfile server.crt', "mosquitto.conf line 1: certfile sets an option of a listener: put it after a 'listener <port>' line"],
    ['listener 1883\nprotocol mqtts', "mosquitto.conf line 2: protocol needs mqtt or websockets, got 'mqtts'"],
    ['per_listener_settings true', 'mosquitto.conf line 1: per_listener_settings true is not supported: allow_anonymous, password_file and acl_file apply to every listener'],
    ['include_dir /etc/mosquitto/conf.d', 'mosquitto.conf line 1: include_dir is not supported: put the settings in this one file'],
    ['bind_address 0.0.0.0', "mosquitto.conf line 1: bind_address is not supported: use 'listener <port> <address>' instead"],
    ['connection cloud', 'mosquitto.conf line 1: connection is a bridge option: bridges are not supported'],
    ['plugin /usr/lib/dynsec.so', 'mosquitto.conf line 1: plugins are not supported'],
    ['autosave_interval 60', 'mosquitto.conf line 1: autosave_interval is a mosquitto option that Topicscope does not support; remove the line'],
    ['password_file', 'mosquitto.conf line 1: password_file needs a path'],
    ['password_file missing', `mosquitto.conf line 1: cannot read password_file '${resolve(BASE, 'missing')}': no such file or directory (ENOENT)`],
    ['listener 8883\ncertfile nope.crt', `mosquitto.conf line 2: cannot read certfile '${resolve(BASE, 'nope.crt')}': no such file or directory (ENOENT)`],
    ['listener 8883\ncertfile passwd', `mosquitto.conf line 2: certfile '${resolve(BASE, 'passwd')}' is not a PEM certificate (no '-----BEGIN CERTIFICATE-----' line)`],
    ['listener 8883\ncertfile server.crt\nkeyfile server.crt', `mosquitto.conf line 3: keyfile '${resolve(BASE, 'server.crt')}' is not a PEM private key (no '-----BEGIN PRIVATE KEY-----' line)`],
    ['listener 8883\ncertfile server.crt', 'mosquitto.conf line 2: certfile needs a keyfile in the listener of line 1'],
    ['listener 8883\nkeyfile server.key', 'mosquitto.conf line 2: keyfile needs a certfile in the listener of line 1'],
    ['listener 1883\ncafile ca.crt', 'mosquitto.conf line 2: cafile needs certfile and keyfile in the listener of line 1'],
    ['listener 1883\nrequire_certificate true', 'mosquitto.conf line 2: require_certificate needs certfile, keyfile and cafile in the listener of line 1'],
    ['listener 8883\ncertfile server.crt\nkeyfile server.key\nrequire_certificate true',
      'mosquitto.conf line 4: require_certificate true needs a cafile in the listener of line 1 to check client certificates against'],
  ])('%j', (text, message) => {
    expect(parse(text).errors).toEqual([{ line: Number(/line (\d+)/.exec(message)![1]), message }])
  })

  it('an encrypted key is refused with the way out', () => {
    const files = { ...DEFAULT_FILES, 'enc.key': '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMII\n-----END ENCRYPTED PRIVATE KEY-----\n' }
    const [error] = parse('listener 8883\ncertfile server.crt\nkeyfile enc.key', files).errors
    expect(error?.message).toMatch(/^mosquitto.conf line 3: keyfile '.*enc.key' is encrypted and Topicscope cannot ask for its passphrase/)
  })

  it('reports every mistake in the file, not only the first', () => {
    const result = parse('listener 1883\nmax_keepalive x\nallow_anonymous maybe\nlistner 1')
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4])
  })
})

describe('parseMosquittoConf: warnings name the line', () => {
  it.each([
    ['allow_anonymous true\nlog_type all', 'mosquitto.conf line 2: log_type is ignored: Topicscope logs to the console (-v logs every packet)'],
    ['log_dest stdout', 'mosquitto.conf line 1: log_dest is ignored: Topicscope logs to the console (-v logs every packet)'],
    ['connection_messages true', 'mosquitto.conf line 1: connection_messages is ignored: Topicscope logs to the console (-v logs every packet)'],
    ['allow_anonymous true\nport 1883\nport 1884', 'mosquitto.conf line 3: port is given more than once (also on line 2); 1884 is used'],
    ['allow_anonymous true\nlistener 1883\nmax_connections 10\nlistener 1884\nmax_connections 20',
      'mosquitto.conf line 5: max_connections applies to the whole broker in Topicscope, not to each listener; 20 is used'],
    ['allow_anonymous true\nlistener 8883\ncertfile server.crt\nkeyfile server.key\nuse_identity_as_username true',
      'mosquitto.conf line 5: use_identity_as_username true without require_certificate true: clients without a certificate are refused'],
  ])('%j', (text, message) => {
    const result = parse(text)
    expect(result.errors).toEqual([])
    expect(result.warnings.map((w) => w.message)).toEqual([message])
  })
})

describe('parseMosquittoConf: a realistic file', () => {
  let dir: string
  const text = [
    '# Topicscope test broker',
    'per_listener_settings false',
    'allow_anonymous false',
    'password_file passwd',
    'acl_file acl',
    '',
    '# Plain MQTT, this machine only',
    'listener 1883 127.0.0.1',
    '',
    '# MQTT over TLS, everywhere, client certificates required',
    'listener 8883',
    'certfile certs/server.crt',
    'keyfile certs/server.key',
    'cafile certs/ca.crt',
    'require_certificate true',
    'use_identity_as_username true',
    '',
    '# WebSockets for the browser',
    'listener 9001',
    'protocol websockets',
    '',
    'max_inflight_messages 40',
    'max_queued_messages 5000',
    'message_size_limit 1048576',
    'persistence true',
    'persistence_location data/',
    'log_dest stdout',
  ].join('\n')

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'topicscope-conf-'))
    mkdirSync(join(dir, 'certs'))
    writeFileSync(join(dir, 'certs/server.crt'), CERT)
    writeFileSync(join(dir, 'certs/server.key'), KEY)
    writeFileSync(join(dir, 'certs/ca.crt'), CERT.replace('fake', 'ca'))
    writeFileSync(join(dir, 'passwd'), 'alice:$7$101$x\n')
    writeFileSync(join(dir, 'acl'), 'user alice\ntopic readwrite #\n')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const read = (path: string) => readFileSync(path, 'utf8')

  it('becomes three listeners, global auth and limits, with TLS files read relative to the file', () => {
    const result = parseMosquittoConf(text, { fileName: 'broker.conf', baseDir: dir, readFile: read })
    expect(result.errors).toEqual([])
    expect(result.warnings.map((w) => w.line)).toEqual([27])
    expect(result.config).toEqual({
      listeners: [
        { port: 1883, host: '127.0.0.1', protocol: 'mqtt', tls: null, wsPath: '/mqtt' },
        { port: 8883, host: '0.0.0.0', protocol: 'mqtt', wsPath: '/mqtt',
          tls: { cert: CERT, key: KEY, ca: CERT.replace('fake', 'ca'), requireCertificate: true, useIdentityAsUsername: true } },
        { port: 9001, host: '0.0.0.0', protocol: 'websockets', tls: null, wsPath: '/mqtt' },
      ],
      allowAnonymous: false,
      passwordFile: join(dir, 'passwd'),
      aclFile: join(dir, 'acl'),
      limits: { maxInflightMessages: 40, maxQueuedMessages: 5000, maxPacketBytes: 1_048_576 + MESSAGE_SIZE_HEADROOM_BYTES },
      persistence: { mode: 'acknowledged', location: join(dir, 'data'), durability: 'process', strict: false },
      verbose: false,
    })
  })

  it('names the line and the OS reason when a TLS file cannot be read', () => {
    rmSync(join(dir, 'certs/ca.crt'))
    const result = parseMosquittoConf(text, { fileName: 'broker.conf', baseDir: dir, readFile: read })
    expect(result.errors.map((e) => e.message)).toEqual([
      `broker.conf line 14: cannot read cafile '${join(dir, 'certs/ca.crt')}': no such file or directory (ENOENT)`,
    ])
  })
})
