// A tiny leveled logger: the headless entry prints to stderr, the desktop app to its console.
/** Where backend code reports what happened. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string, err?: unknown): void
}

/** A logger that writes one line per event with an ISO timestamp. */
export function consoleLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const line = (level: string, message: string) => write(`${new Date().toISOString()} ${level} ${message}`)
  return {
    info: (m) => line('info ', m),
    warn: (m) => line('warn ', m),
    error: (m, err) => line('error', err === undefined ? m : `${m}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  }
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }
