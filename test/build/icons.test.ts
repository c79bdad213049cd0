// Checks the packaging inputs in build/: the generated icon containers (ICO, ICNS, Linux PNG set) are well-formed,
// and electron-builder.yml, the macOS entitlements and the GitHub workflows say what the release process relies on.
// Reads files only; it never runs electron-builder or the icon generator.
import { describe, it, expect } from 'vitest'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// js-yaml ships no typings and this test needs only load().
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const fromRoot = (rel: string): string => path.join(ROOT, rel)
const readYaml = (rel: string): Record<string, unknown> => yaml.load(readFileSync(fromRoot(rel), 'utf8')) as Record<string, unknown>

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const ICNS_TYPE_PIXELS: Record<string, number> = {
  ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512,
}

/** Width and height from a PNG's IHDR chunk, which must directly follow the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.length).toBeGreaterThanOrEqual(24)
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
  expect(png.toString('latin1', 12, 16)).toBe('IHDR')
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

interface IcoEntry { width: number; height: number; planes: number; bitCount: number; bytes: number; offset: number }

function parseIco(file: Buffer): IcoEntry[] {
  expect(file.readUInt16LE(0)).toBe(0) // reserved
  expect(file.readUInt16LE(2)).toBe(1) // 1 = icon, 2 = cursor
  const count = file.readUInt16LE(4)
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i
    return {
      width: file.readUInt8(at) || 256, // 0 stands for 256
      height: file.readUInt8(at + 1) || 256,
      planes: file.readUInt16LE(at + 4),
      bitCount: file.readUInt16LE(at + 6),
      bytes: file.readUInt32LE(at + 8),
      offset: file.readUInt32LE(at + 12),
    }
  })
}

interface IcnsEntry { type: string; offset: number; length: number }

function parseIcns(file: Buffer): IcnsEntry[] {
  expect(file.toString('latin1', 0, 4)).toBe('icns')
  expect(file.readUInt32BE(4)).toBe(file.length)
  const entries: IcnsEntry[] = []
  let offset = 8
  while (offset < file.length) {
    expect(offset + 8).toBeLessThanOrEqual(file.length)
    const length = file.readUInt32BE(offset + 4)
    expect(length).toBeGreaterThan(8)
    expect(offset + length).toBeLessThanOrEqual(file.length)
    entries.push({ type: file.toString('latin1', offset, offset + 4), offset, length })
    offset += length
  }
  expect(offset).toBe(file.length)
  return entries
}

describe('build/icon.ico', () => {
  const file = readFileSync(fromRoot('build/icon.ico'))
  const entries = parseIco(file)

  it('holds one PNG per Windows size, 16 to 256 px', () => {
    expect(entries.map((e) => e.width)).toEqual(ICO_SIZES)
  })

  it('declares square 32-bit images whose data lies inside the file, after the directory, without overlaps', () => {
    let end = 6 + 16 * entries.length
    for (const e of entries) {
      expect(e.height).toBe(e.width)
      expect(e.planes).toBe(1)
      expect(e.bitCount).toBe(32)
      expect(e.offset).toBeGreaterThanOrEqual(end)
      expect(e.offset + e.bytes).toBeLessThanOrEqual(file.length)
      end = e.offset + e.bytes
    }
  })

  it('embeds PNG images whose IHDR matches the declared size', () => {
    for (const e of entries) {
      expect(pngSize(file.subarray(e.offset, e.offset + e.bytes))).toEqual({ width: e.width, height: e.width })
    }
  })
})

describe('build/icon.icns', () => {
  const file = readFileSync(fromRoot('build/icon.icns'))
  const entries = parseIcns(file)

  it('holds each PNG icon type once: ic07-ic14', () => {
    expect(entries.map((e) => e.type).sort()).toEqual(Object.keys(ICNS_TYPE_PIXELS).sort())
  })

  it('embeds PNG images with the pixel size each type requires', () => {
    for (const e of entries) {
      const px = ICNS_TYPE_PIXELS[e.type]
      expect(pngSize(file.subarray(e.offset + 8, e.offset + e.length)), e.type).toEqual({ width: px, height: px })
    }
  })
})

describe('build/icons (Linux) and build/icon.png', () => {
  it('has exactly one NxN.png per Linux size, each really NxN', () => {
    const names = readdirSync(fromRoot('build/icons')).sort()
    expect(names).toEqual(LINUX_SIZES.map((px) => `${px}x${px}.png`).sort())
    for (const px of LINUX_SIZES) {
      expect(pngSize(readFileSync(fromRoot(`build/icons/${px}x${px}.png`))), `${px}x${px}.png`).toEqual({ width: px, height: px })
    }
  })

  it('has a 1024 px master PNG next to the SVG source', () => {
    expect(existsSync(fromRoot('build/icon.svg'))).toBe(true)
    expect(pngSize(readFileSync(fromRoot('build/icon.png')))).toEqual({ width: 1024, height: 1024 })
  })
})

type TargetSpec = { target: string; arch: string[] }
type PlatformConfig = { target: TargetSpec[]; icon: string } & Record<string, unknown>

describe('electron-builder.yml', () => {
  const config = readYaml('electron-builder.yml')
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { main: string; dependencies?: Record<string, string> }
  const targets = (platform: 'win' | 'mac' | 'linux'): Record<string, string[]> =>
    Object.fromEntries((config[platform] as PlatformConfig).target.map((t) => [t.target, [...t.arch].sort()]))

  it('names the app and its output folders', () => {
    expect(config).toMatchObject({
      appId: 'dev.topicscope.app',
      productName: 'Topicscope',
      directories: { output: 'release', buildResources: 'build' },
    })
  })

  it('packs dist/ and package.json into an asar, never rebuilds native modules, never publishes', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json']))
    expect(pkg.main.startsWith('dist/')).toBe(true)
    expect(config.asar).toBe(true)
    expect(config.npmRebuild).toBe(false)
    expect(config.publish).toBeNull()
  })

  it('builds nsis and portable for Windows, x64 and arm64', () => {
    expect(targets('win')).toEqual({ nsis: ['arm64', 'x64'], portable: ['arm64', 'x64'] })
  })

  it('builds dmg and zip for macOS, x64 and arm64', () => {
    expect(targets('mac')).toEqual({ dmg: ['arm64', 'x64'], zip: ['arm64', 'x64'] })
  })

  it('builds AppImage, deb and rpm for Linux, x64 and arm64', () => {
    expect(targets('linux')).toEqual({ AppImage: ['arm64', 'x64'], deb: ['arm64', 'x64'], rpm: ['arm64', 'x64'] })
  })

  it('puts version, OS and arch in artifact names, and keeps the two Windows .exe names apart', () => {
    for (const macro of ['${version}', '${os}', '${arch}']) expect(config.artifactName).toContain(macro)
    const nsis = (config.nsis as { artifactName: string }).artifactName
    const portable = (config.portable as { artifactName: string }).artifactName
    expect(nsis).not.toBe(portable)
  })

  it('signs macOS builds with the hardened runtime and our entitlements', () => {
    expect(config.mac).toMatchObject({
      category: 'public.app-category.developer-tools',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
      icon: 'build/icon.icns',
    })
  })

  it('gives the NSIS installer a choice of folder, per user', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, allowToChangeInstallationDirectory: true, perMachine: false })
  })

  it('names the Linux executable and fills in the deb/rpm metadata', () => {
    expect(config.linux).toMatchObject({ executableName: 'topicscope', category: 'Network', icon: 'build/icons' })
    const linux = config.linux as Record<string, unknown>
    expect(linux.maintainer).toMatch(/<[^>]+@[^>]+>/)
    expect(linux.synopsis).toEqual(expect.any(String))
  })

  it('references only files in build/ that exist', () => {
    const refs: string[] = []
    const walk = (value: unknown): void => {
      if (typeof value === 'string' && value.startsWith('build/')) refs.push(value)
      else if (Array.isArray(value)) value.forEach(walk)
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk)
    }
    walk(config)
    expect(refs).toEqual(expect.arrayContaining(['build/icon.ico', 'build/icon.icns', 'build/icons', 'build/entitlements.mac.plist']))
    for (const ref of refs) expect(existsSync(fromRoot(ref)), ref).toBe(true)
    expect(statSync(fromRoot('build/icons')).isDirectory()).toBe(true)
  })
})

describe('build/entitlements.mac.plist', () => {
  const plist = readFileSync(fromRoot('build/entitlements.mac.plist'), 'utf8')
  const keys = [...plist.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1])

  it('grants exactly JIT, unsigned executable memory and network client/server', () => {
    expect(keys.sort()).toEqual([
      'com.apple.security.cs.allow-jit',
      'com.apple.security.cs.allow-unsigned-executable-memory',
      'com.apple.security.network.client',
      'com.apple.security.network.server',
    ])
  })
})

describe('.ci/stub-electron (electronDist for npm run pack:check)', () => {
  it('has the files electron-builder copies from an Electron distribution', () => {
    for (const rel of ['electron', 'LICENSE', 'LICENSES.chromium.html', 'resources']) {
      expect(existsSync(fromRoot(`.ci/stub-electron/${rel}`)), rel).toBe(true)
    }
  })

  it.skipIf(process.platform === 'win32')('keeps the stub executable (mode 755 in git)', () => {
    expect(statSync(fromRoot('.ci/stub-electron/electron')).mode & 0o777).toBe(0o755)
  })
})

describe('GitHub workflows', () => {
  const ci = readYaml('.github/workflows/ci.yml')
  const release = readYaml('.github/workflows/release.yml')
  type Job = { strategy: { matrix: { os?: string[]; include?: { os: string }[] } }; steps: { run?: string; uses?: string }[] }

  it('runs CI on push and pull request on Linux, macOS and Windows', () => {
    expect(Object.keys(ci.on as object).sort()).toEqual(['pull_request', 'push'])
    const job = (ci.jobs as Record<string, Job>).test
    expect(job?.strategy.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest'])
    const runs = job?.steps.map((s) => s.run ?? '') ?? []
    for (const cmd of ['npm ci', 'npm run typecheck', 'npm run build', 'npx vitest run', 'npm run pack:check']) {
      expect(runs.some((r) => r.startsWith(cmd)), cmd).toBe(true)
    }
  })

  it('builds installers on the three OSes for v* tags and drafts a release', () => {
    expect(release.on).toEqual({ push: { tags: ['v*'] } })
    const jobs = release.jobs as Record<string, Job & { needs?: string }>
    expect(jobs.installers?.strategy.matrix.include?.map((i) => i.os)).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest'])
    const draft = jobs['draft-release']
    expect(draft?.needs).toBe('installers')
    expect(draft?.steps.some((s) => s.uses === 'softprops/action-gh-release@v2')).toBe(true)
  })
})
