// The text of `topicscope --help` and `topicscope serve --help`.
import { DEFAULT_WEB_HOST, DEFAULT_WEB_PORT } from './parse-cli'

/** Help for the whole CLI. */
export function mainHelp(version: string): string {
  return `Topicscope ${version}: MQTT broker and explorer, headless.

Usage:
  topicscope serve [options]   Start the backend and serve the web UI to a browser
  topicscope --help            Show this help (also: topicscope serve --help)
  topicscope --version         Print the version

Run 'topicscope serve --help' for the options of serve.
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
      --data-dir <dir> Where settings and data live (default ~/.topicscope)
  -h, --help           Show this help
`
}
