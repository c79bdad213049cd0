// The embedded broker's users as the console shows them (names only: hashes never leave the backend).

export interface BrokerUsersList {
  users: string[]
  /** Where they are kept (a mosquitto password file). */
  file: string
}

export interface UsersImportResult {
  imported: number
  /** One sentence per line of the file that was not imported. */
  skipped: string[]
}
