// The text of `topicscope --help`, `topicscope serve --help` and `topicscope broker --help`.
import { BROKER_CONFIG_ERROR_EXIT_CODE, DEFAULT_BROKER_HOST } from './broker-cli'
import { DEFAULT_WEB_HOST, DEFAULT_WEB_PORT } from './parse-cli'

/** Help for the whole CLI. */
export function mainHelp(version: string): string {
  return `Topicscope ${version}: MQTT broker and explorer, headless.

Usage:
  topicscope serve [options]    Start the broker and the backend, and serve the web UI to a browser
  topicscope broker [options]   Run only the MQTT broker, like mosquitto (reads a mosquitto.conf with -c)
  topicscope --help             Show this help
  topicscope --version          Print the version

Run 'topicscope serve --help' or 'topicscope broker --help' for the options of each command.
`
}

/** Help for `serve`. */
export function serveHelp(): string {
  return `Usage: topicscope serve [options]

Starts the Topicscope backend and serves its web UI. The URL it prints carries an
access token; the UI refuses any request without it.

Options:
  -p, --port <n>       Web UI port (default ${DEFAULT_WEB_PORT}; 0 picks a free one)
      --host <addr>    Address to bind (default ${DEFAULT_WEB_HOST}, this machine only).
                       0.0.0.0 opens the UI to your network: anyone with the token can use it.
      --token <text>   Use this token instead of a random one (12+ letters, digits, - or _)
      --mqtt-port <n>  Port of the MQTT broker for this run (default: the one in Settings,
                       1883 at first; 0 picks a free one)
      --data-dir <dir> Where settings and data live (default ~/.topicscope)
  -h, --help           Show this help
`
}

/** Help for `broker`, with the supported subset of mosquitto.conf. */
export function brokerHelp(): string {
  return `Usage: topicscope broker [options]

Runs only the MQTT broker (MQTT 3.1, 3.1.1 and 5.0), without the web UI. With no options it listens on
${DEFAULT_BROKER_HOST}:1883 (this machine only) and accepts clients without a password, as mosquitto 2 does.

Options:
  -p, --port <n>        Port of the default listener (default 1883; 0 picks a free one). As in
                        mosquitto 2, ignored when the config file defines listeners.
  -c, --config <file>   Read this mosquitto.conf (the subset below)
  -v, --verbose         Log every packet, one line each
      --host <addr>     Address of the default listener and of those the two flags below add
                        (default ${DEFAULT_BROKER_HOST}). 0.0.0.0 opens the broker to your network,
                        to clients without a password too unless a config file says otherwise.
      --tls-self-signed Also listen for MQTT over TLS with a development certificate for localhost,
                        made once and kept in <data-dir>/tls. Its SHA-256 fingerprint is printed
                        so that clients can pin it (or pass <data-dir>/tls/dev-cert.pem as their CA).
      --tls-port <n>    Port of that TLS listener (default 8883)
      --ws-port <n>     Also listen for MQTT over WebSocket on this port, at path /mqtt
      --persistence <mode>  What survives a restart of the broker (default acknowledged):
                        none          everything lives in memory; a restart loses sessions, queues
                                      and retained messages
                        queued        sessions, subscriptions, offline queues and retained messages
                                      are stored; a queued message leaves the store once written to
                                      the subscriber (a crash before its acknowledgment loses it)
                        acknowledged  like queued, but QoS 1/2 messages leave the store only when the
                                      subscriber acknowledges them; unacknowledged ones are re-sent
                                      with DUP=1 after a reconnect or a restart
      --durability <d>  process (default): what was acknowledged survives a crash of the broker;
                        power: also a power loss (the disk is synced at each commit, slower)
      --strict-persistence  Refuse to start on a corrupt database instead of moving it aside
      --data-dir <dir>  Where settings and data live (default ~/.topicscope)
  -h, --help            Show this help

Config file (-c): the common subset of mosquitto.conf, with mosquitto 2.x meanings. One option per
line, '#' starts a comment line. Any other option, or a bad value, is an error naming its line.
  listener <port> [<address>]   Start a listener; the options below it up to the next one apply to it.
                                Without an address it binds ALL interfaces (0.0.0.0), as mosquitto 2 does.
  port <n>                      Legacy default listener, on all interfaces
  protocol mqtt|websockets      Per listener (WebSocket path /mqtt)
  certfile, keyfile, cafile <path>   Per listener: PEM files, relative to the config file's folder
  require_certificate true|false     Per listener: clients must present a certificate signed by cafile
  use_identity_as_username true|false   Per listener: the certificate's CN becomes the username
  allow_anonymous true|false    Default: false once a listener is defined, true otherwise (mosquitto 2)
  password_file, acl_file <path>
  max_inflight_messages, max_queued_messages, max_queued_bytes <n>   queue_qos0_messages true|false
  message_size_limit <bytes>    Counts the whole packet, with 1 KiB of room for topic and headers
                                (mosquitto counts the payload only)
  max_connections <n>           -1 = no limit; applies to the whole broker, not per listener
  max_keepalive <s>   sys_interval <s>   persistence true|false   persistence_location <dir>
  per_listener_settings false   (true is not supported)
  log_type, log_dest, connection_messages   Accepted and ignored, with a warning
  Not supported: include_dir, bridges, plugins, and other mosquitto options.

Exit status: 0 after Ctrl+C, ${BROKER_CONFIG_ERROR_EXIT_CODE} when the config file has errors or the broker cannot
start, 2 for a bad command line.
`
}
