// The command line: defaults, every flag, and a clear sentence for each mistake.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCli } from '../../../electron/cli/parse-cli'

describe('parseCli', () => {
  it('serve defaults to 127.0.0.1:8080, a random token, ~/.topicscope and the MQTT port from the settings', () => {
    expect(parseCli(['serve'])).toEqual({ command: 'serve', port: 8080, host: '127.0.0.1', token: null, dataDir: join(homedir(), '.topicscope'), mqttPort: null })
  })

  it('reads every serve flag', () => {
    expect(parseCli(['serve', '--port', '9000', '--host', '0.0.0.0', '--token', 'abcdefghijkl', '--data-dir', 'here', '--mqtt-port', '1884'])).toEqual({
      command: 'serve', port: 9000, host: '0.0.0.0', token: 'abcdefghijkl', dataDir: resolve('here'), mqttPort: 1884 })
    expect(parseCli(['serve', '-p', '0'])).toMatchObject({ port: 0 })
  })

  it('serve --mqtt-port 0 asks for a free broker port', () => {
    expect(parseCli(['serve', '--mqtt-port', '0'])).toMatchObject({ command: 'serve', mqttPort: 0 })
  })

  it('broker is dispatched to its own parser', () => {
    expect(parseCli(['broker', '-p', '1884'])).toMatchObject({ command: 'broker', port: 1884 })
    expect(parseCli(['broker', '--help'])).toEqual({ command: 'help', topic: 'broker' })
  })

  it.each([
    [[], 'help'], [['--help'], 'help'], [['-h'], 'help'], [['--version'], 'version'], [['-V'], 'version'],
  ])('%j is %s', (argv, command) => {
    expect(parseCli(argv as string[]).command).toBe(command)
  })

  it('serve --help is the help of serve', () => {
    expect(parseCli(['serve', '--help'])).toEqual({ command: 'help', topic: 'serve' })
  })

  it.each([
    [['serve', '--prot', '1'], "Unknown option '--prot'."],
    [['serve', '--port', 'abc'], "--port must be a number from 0 to 65535, not 'abc'."],
    [['serve', '--port', '70000'], '--port must be a number from 0 to 65535, not 70000.'],
    [['serve', '--port'], "Option '--port <value>' needs a value."],
    [['serve', '--token', 'short'], /--token: The token must be 12 to 200/],
    [['serve', 'extra'], /Unexpected argument 'extra'/],
    [['serve', '--mqtt-port', 'x'], "--mqtt-port must be a number from 0 to 65535, not 'x'."],
    [['serve', '--mqtt-port', '65536'], '--mqtt-port must be a number from 0 to 65535, not 65536.'],
    [['srve'], "Unknown command 'srve'. Commands: serve, broker."],
    [['--verbose'], "Unknown option '--verbose'."],
  ])('%j is a usage error: %s', (argv, message) => {
    const result = parseCli(argv as string[])
    expect(result.command).toBe('usage-error')
    expect((result as { message: string }).message).toMatch(message)
  })
})
