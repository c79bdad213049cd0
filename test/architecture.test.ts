// Keeps the layers apart (house style B2): scans every import specifier per layer and names offenders.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return /\.(ts|tsx|mts)$/.test(name) ? [full] : []
  })
}

/** import/export … from '…', import('…'), require('…') */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found: string[] = []
  for (const re of [/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g, /import\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /require\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s+['"]([^'"]+)['"]/gm]) {
    for (const m of text.matchAll(re)) found.push(m[1]!)
  }
  return found
}

/** Where a specifier lands: a repo-relative path for relative imports, the package name otherwise. */
function target(file: string, spec: string): { kind: 'path'; path: string } | { kind: 'package'; name: string } {
  if (spec.startsWith('.')) return { kind: 'path', path: relative(ROOT, resolve(dirname(file), spec)) }
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!
  return { kind: 'package', name }
}

const isNode = (name: string) => name.startsWith('node:') || ['fs', 'path', 'os', 'http', 'net', 'crypto', 'child_process', 'url', 'util', 'events', 'stream', 'tls'].includes(name)

interface Rule {
  layer: string
  files: () => string[]
  allowPath: (path: string) => boolean
  allowPackage: (name: string) => boolean
}

const under = (dir: string) => () => sourceFiles(join(ROOT, dir))
const inside = (...dirs: string[]) => (p: string) => dirs.some((d) => p === d || p.startsWith(d + '/'))

const RULES: Rule[] = [
  { layer: 'shared/', files: under('shared'), allowPath: inside('shared'), allowPackage: () => false },
  {
    layer: 'renderer/', files: under('renderer'), allowPath: inside('renderer', 'shared'),
    // @msgpack/msgpack: the web transport's codec (renderer/transport only needs it, but it is plain JS for any browser).
    allowPackage: (n) => ['react', 'react-dom', 'zustand', '@tanstack/react-virtual', '@msgpack/msgpack'].includes(n),
  },
  {
    layer: 'electron/core/',
    files: under('electron/core'),
    allowPath: inside('electron/core', 'shared'),
    allowPackage: (n) => isNode(n) || ['ws', '@msgpack/msgpack', 'mqtt-packet', 'mqtt', '@peculiar/x509', 'reflect-metadata'].includes(n),
  },
  {
    layer: 'electron/ (outside core)',
    files: () => sourceFiles(join(ROOT, 'electron')).filter((f) => !f.includes('/electron/core/') && !f.endsWith('preload.ts')),
    allowPath: inside('electron', 'shared', 'package.json'),
    allowPackage: (n) => isNode(n) || ['electron', 'ws', '@msgpack/msgpack'].includes(n),
  },
  {
    layer: 'electron/preload.ts',
    files: () => [join(ROOT, 'electron/preload.ts')],
    allowPath: (p) => p === 'shared/ipc/contract',
    allowPackage: (n) => n === 'electron',
  },
]

describe('architecture: imports stay inside their layer', () => {
  it.each(RULES)('$layer imports only what its layer allows', (rule) => {
    const offenders: string[] = []
    const files = rule.files()
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      for (const spec of importsOf(file)) {
        const t = target(file, spec)
        const ok = t.kind === 'path' ? rule.allowPath(t.path) : rule.allowPackage(t.name)
        if (!ok) offenders.push(`${relative(ROOT, file)} → ${spec}`)
      }
    }
    expect(offenders, offenders.join('\n')).toEqual([])
  })

  it('mqtt-packet is imported only by the codec', () => {
    const offenders = sourceFiles(join(ROOT, 'electron')).filter((f) => !f.includes('/core/codec/'))
      .filter((f) => importsOf(f).includes('mqtt-packet')).map((f) => relative(ROOT, f))
    expect(offenders).toEqual([])
  })

  it('the scanner sees the imports it is meant to catch', () => {
    // Guards the test itself: a broken regex would otherwise pass every layer.
    const probe = join(ROOT, 'renderer/api.ts')
    expect(importsOf(probe)).toContain('../shared/ipc/contract')
  })
})
