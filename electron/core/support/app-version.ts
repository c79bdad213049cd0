// Reads the app's version from package.json, wherever the compiled code runs from (dist/ or app.asar).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The version in package.json two folders above the compiled module (dist/electron/ → root). */
export function readAppVersion(fromDir: string): string {
  for (const candidate of [join(fromDir, '..', '..', 'package.json'), join(fromDir, '..', '..', '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'topicscope' && typeof pkg.version === 'string') return pkg.version
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0'
}
