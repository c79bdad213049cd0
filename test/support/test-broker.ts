// One real broker per test on 127.0.0.1:0 (port read back), closed afterwards.
import { Broker, type BrokerOptions } from '../../electron/core/broker/broker'
import { startListener, type RunningListener } from '../../electron/core/broker/listeners/start-listener'
import { silentLogger } from '../../electron/core/support/logger'
import type { ListenerConfig } from '../../electron/core/broker/config/broker-config'

export interface TestBroker {
  broker: Broker
  port: number
  listener: RunningListener
  close(): Promise<void>
}

/** Starts a broker with one plain TCP listener (or the given listener config) on a free port. */
export async function startTestBroker(opts: Partial<BrokerOptions> = {}, listener: Partial<ListenerConfig> = {}): Promise<TestBroker> {
  const broker = new Broker({ log: silentLogger, ...opts })
  const running = await startListener(broker, { port: 0, host: '127.0.0.1', protocol: 'mqtt', tls: null, wsPath: '/mqtt', ...listener })
  return {
    broker,
    port: running.port,
    listener: running,
    close: async () => {
      broker.close()
      await running.close()
    },
  }
}
