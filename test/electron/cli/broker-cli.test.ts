// `topicscope broker`: its flags, the mosquitto 2 rules they follow with a config file, and its help.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseBroker, resolveBrokerConfig, type BrokerCommand } from '../../../electron/cli/broker-cli'
import { brokerHelp, mainHelp } from '../../../electron/cli/help-text'
import { parseCli } from '../../../electron/cli/parse-cli'

const DEV_CERT = { cert: '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n', key: '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n' }
const CONF_DIR = resolve('/etc/topicscope')

function command(argv: string[]): BrokerCommand {
  const cmd = parseCli(['broker', ...argv])
  if (cmd.command !== 'broker') throw new Error(`expected a broker command, got ${JSON.stringify(cmd)}`)
  return cmd
}

/** An in-memory folder; other paths fail like fs.readFileSync. */
function files(contents: Record<string, string>) {
  return (path: string): string => {
    const name = Object.keys(contents).find((f) => resolve(CONF_DIR, f) === path)
    if (name !== undefined) return contents[name]!
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' })
  }
}

function resolveWith(argv: string[], contents: Record<string, string> = {}) {
  const cmd = command(argv)
  return resolveBrokerConfig(cmd, { readFile: files(contents), devCertificate: cmd.tlsSelfSigned ? DEV_CERT : null })
}

describe('parseBroker', () => {
  it('defaults: no config file, 1883 on 127.0.0.1 left to the resolver, TLS port 8883, ~/.topicscope', () => {
    expect(parseCli(['broker'])).toEqual({
      command: 'broker', port: null, host: null, configFile: null, verbose: false,
      tlsSelfSigned: false, tlsPort: 8883, wsPort: null, dataDir: join(homedir(), '.topicscope'),
      persistence: null, durability: null, strictPersistence: false,
    })
  })

  it('reads every flag, short and long', () => {
    const persistence = ['--persistence', 'queued', '--durability', 'power', '--strict-persistence']
    const long = ['--port', '1884', '--config', 'broker.conf', '--verbose', '--host', '0.0.0.0', '--tls-self-signed', '--tls-port', '9883', '--ws-port', '9001', '--data-dir', 'data', ...persistence]
    const expected = { command: 'broker', port: 1884, host: '0.0.0.0', configFile: resolve('broker.conf'), verbose: true,
      tlsSelfSigned: true, tlsPort: 9883, wsPort: 9001, dataDir: resolve('data'), persistence: 'queued', durability: 'power', strictPersistence: true }
    expect(parseBroker(long)).toEqual(expected)
    expect(parseBroker(['-p', '1884', '-c', 'broker.conf', '-v', '--host', '0.0.0.0', '--tls-self-signed', '--tls-port', '9883', '--ws-port', '9001', '--data-dir', 'data', ...persistence])).toEqual(expected)
  })

  it.each([['--help'], ['-h']])('%s is the help of broker', (flag) => {
    expect(parseBroker([flag])).toEqual({ command: 'help', topic: 'broker' })
  })

  it.each([
    [['-p', 'abc'], "--port must be a number from 0 to 65535, not 'abc'."],
    [['--ws-port', '70000'], '--ws-port must be a number from 0 to 65535, not 70000.'],
    [['--tls-self-signed', '--tls-port=-1'], "--tls-port must be a number from 0 to 65535, not '-1'."],
    [['--tls-port', '9883'], '--tls-port needs --tls-self-signed (for your own certificate, use certfile and keyfile in a config file).'],
    [['-c'], "Option '--config <value>' needs a value."],
    [['-c', ' '], '--config needs the path of a mosquitto.conf file.'],
    [['--host', ''], '--host needs an address, for example 127.0.0.1 or 0.0.0.0.'],
    [['--persistence', 'forever'], "--persistence must be one of none, queued, acknowledged, not 'forever'."],
    [['--durability', 'strong'], "--durability must be process or power, not 'strong'."],
    [['mosquitto.conf'], /Unexpected argument 'mosquitto.conf'/],
  ])('%j is a usage error: %s', (argv, message) => {
    const result = parseBroker(argv)
    expect(result.command).toBe('usage-error')
    expect((result as { message: string }).message).toMatch(message)
  })
})

describe('resolveBrokerConfig', () => {
  it('without flags: one local-only listener on 127.0.0.1:1883, anonymous allowed (mosquitto 2)', () => {
    const { config, errors, warnings } = resolveWith([])
    expect([errors, warnings]).toEqual([[], []])
    expect(config.listeners).toEqual([{ port: 1883, host: '127.0.0.1', protocol: 'mqtt', tls: null, wsPath: '/mqtt' }])
    expect(config.allowAnonymous).toBe(true)
  })

  it('-p and --host set the default listener; -v turns on the packet log', () => {
    const { config } = resolveWith(['-p', '1884', '--host', '0.0.0.0', '-v'])
    expect(config.listeners).toMatchObject([{ port: 1884, host: '0.0.0.0' }])
    expect(config.verbose).toBe(true)
  })

  it('-p sets the port of a config file without listeners, which stays local only', () => {
    const { config, errors } = resolveWith(['-c', join(CONF_DIR, 'broker.conf'), '-p', '1885'], { 'broker.conf': 'max_keepalive 30\n' })
    expect(errors).toEqual([])
    expect(config.listeners).toMatchObject([{ port: 1885, host: '127.0.0.1' }])
    expect(config.limits.maxKeepAliveSeconds).toBe(30)
    expect(config.allowAnonymous).toBe(true)
  })

  it('-p and --host are ignored, with warnings, when the config file defines listeners (mosquitto 2)', () => {
    const { config, errors, warnings } = resolveWith(['-c', join(CONF_DIR, 'broker.conf'), '-p', '1885', '--host', '0.0.0.0'],
      { 'broker.conf': 'listener 2883 127.0.0.1\nallow_anonymous true\n' })
    expect(errors).toEqual([])
    expect(config.listeners).toMatchObject([{ port: 2883, host: '127.0.0.1' }])
    expect(warnings).toEqual([
      "-p 1885 is ignored: broker.conf defines its own listeners (as in mosquitto 2). Add 'listener 1885' to it instead.",
      '--host only applies to the listeners that flags add: broker.conf defines its own, with their own addresses.',
    ])
  })

  it('--tls-self-signed adds a TLS listener with the development certificate on 8883, or --tls-port', () => {
    const tls = { ...DEV_CERT, ca: null, requireCertificate: false, useIdentityAsUsername: false }
    expect(resolveWith(['--tls-self-signed']).config.listeners).toEqual([
      { port: 1883, host: '127.0.0.1', protocol: 'mqtt', tls: null, wsPath: '/mqtt' },
      { port: 8883, host: '127.0.0.1', protocol: 'mqtt', tls, wsPath: '/mqtt' },
    ])
    expect(resolveWith(['--tls-self-signed', '--tls-port', '9883']).config.listeners[1]).toMatchObject({ port: 9883, tls })
  })

  it('--ws-port adds a WebSocket listener at /mqtt on the same host', () => {
    expect(resolveWith(['--ws-port', '9001', '--host', '::1']).config.listeners[1]).toEqual({ port: 9001, host: '::1', protocol: 'websockets', tls: null, wsPath: '/mqtt' })
  })

  it('flags add their listeners to those of the config file', () => {
    const { config } = resolveWith(['-c', join(CONF_DIR, 'broker.conf'), '--ws-port', '9001'], { 'broker.conf': 'listener 1883\nallow_anonymous true\n' })
    expect(config.listeners.map((l) => `${l.protocol} ${l.host}:${l.port}`)).toEqual(['mqtt 0.0.0.0:1883', 'websockets 127.0.0.1:9001'])
  })

  it('config file errors come back as sentences with the file name and line', () => {
    const { errors } = resolveWith(['-c', join(CONF_DIR, 'broker.conf')], { 'broker.conf': 'listener 1883\nmax_inflight_messages ten\n' })
    expect(errors).toEqual(["broker.conf line 2: max_inflight_messages needs a whole number, got 'ten'"])
  })

  it('a config file that cannot be read is an error with the OS reason', () => {
    const { errors } = resolveWith(['-c', join(CONF_DIR, 'missing.conf')])
    expect(errors).toEqual([`Cannot read the config file '${join(CONF_DIR, 'missing.conf')}': no such file or directory (ENOENT).`])
  })

  it.each([
    [['-p', '8883', '--tls-self-signed'], 'Two listeners would use port 8883 (MQTT on 127.0.0.1 and MQTT over TLS on 127.0.0.1): change -p, --tls-port, --ws-port or the config file.'],
    [['--ws-port', '1883'], 'Two listeners would use port 1883 (MQTT on 127.0.0.1 and WebSocket on 127.0.0.1): change -p, --tls-port, --ws-port or the config file.'],
  ])('%j: two listeners on one port is an error before anything starts', (argv, message) => {
    expect(resolveWith(argv).errors).toEqual([message])
  })

  it('a listener on all interfaces clashes with one on the same port on a single address', () => {
    const { errors } = resolveWith(['-c', join(CONF_DIR, 'broker.conf'), '--ws-port', '1883'], { 'broker.conf': 'listener 1883\nallow_anonymous true\n' })
    expect(errors).toHaveLength(1)
  })

  it('port 0 (a free port) never clashes', () => {
    expect(resolveWith(['-p', '0', '--ws-port', '0']).errors).toEqual([])
  })
})

describe('broker help', () => {
  it.each(['-p, --port', '-c, --config', '-v, --verbose', '--host', '--tls-self-signed', '--tls-port', '--ws-port', '--data-dir', '-h, --help'])('lists %s', (flag) => {
    expect(brokerHelp()).toContain(flag)
  })

  it.each([
    'listener', 'port', 'protocol', 'allow_anonymous', 'password_file', 'acl_file', 'certfile', 'keyfile', 'cafile', 'require_certificate',
    'use_identity_as_username', 'max_inflight_messages', 'max_queued_messages', 'max_queued_bytes', 'queue_qos0_messages',
    'message_size_limit', 'max_connections', 'max_keepalive', 'sys_interval', 'persistence', 'persistence_location',
    'per_listener_settings', 'log_type', 'log_dest', 'connection_messages', 'include_dir',
  ])('documents the config directive %s', (directive) => {
    expect(brokerHelp()).toMatch(new RegExp(`\\b${directive}\\b`))
  })

  it('says that a listener without an address binds all interfaces', () => {
    expect(brokerHelp()).toContain('Without an address it binds ALL interfaces (0.0.0.0)')
  })

  it('the main help lists broker', () => {
    expect(mainHelp('1.2.3')).toMatch(/topicscope broker \[options\]/)
  })
})
