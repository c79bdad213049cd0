// Writes a file so that a crash leaves either the old or the new content, never half of each.
import { open, rename, unlink } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'

/** Writes to a temp file in the same folder, fsyncs it, then renames it over `path`. */
export async function writeFileAtomic(path: string, data: string, mode = 0o644): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`)
  const handle = await open(temp, 'w', mode)
  try {
    await handle.writeFile(data, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(temp, path)
  } catch (err) {
    await unlink(temp).catch(() => undefined)
    throw err
  }
}
