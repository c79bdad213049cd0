// Builds a macOS .icns container ('icns' magic + big-endian length, then OSType-tagged entries) holding PNG images.
import { pngSize } from './png-info.mjs'

const HEADER_BYTES = 8 // 4-byte OSType + 4-byte big-endian length, for the file and for every entry

/** Pixel size each PNG-capable OSType must hold (Apple's icns types since macOS 10.7). */
export const ICNS_TYPE_PIXELS = Object.freeze({
  ic11: 32, // 16x16@2x
  ic12: 64, // 32x32@2x
  ic07: 128, // 128x128
  ic13: 256, // 128x128@2x
  ic08: 256, // 256x256
  ic14: 512, // 256x256@2x
  ic09: 512, // 512x512
  ic10: 1024, // 512x512@2x
})

/**
 * @param {{ type: keyof typeof ICNS_TYPE_PIXELS, png: Uint8Array }[]} entries
 * @returns {Buffer}
 */
export function encodeIcns(entries) {
  if (entries.length === 0) throw new Error('an ICNS needs at least one image')
  const parts = entries.map(({ type, png }) => {
    const expected = ICNS_TYPE_PIXELS[type]
    if (expected === undefined) throw new Error(`unsupported ICNS type ${type}`)
    const { width, height } = pngSize(png)
    if (width !== expected || height !== expected) throw new Error(`${type} needs a ${expected}x${expected} PNG, got ${width}x${height}`)
    const head = Buffer.alloc(HEADER_BYTES)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(HEADER_BYTES + png.byteLength, 4)
    return Buffer.concat([head, Buffer.from(png.buffer, png.byteOffset, png.byteLength)])
  })
  const total = HEADER_BYTES + parts.reduce((sum, part) => sum + part.length, 0)
  const head = Buffer.alloc(HEADER_BYTES)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(total, 4)
  return Buffer.concat([head, ...parts])
}
