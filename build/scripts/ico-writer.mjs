// Builds a Windows .ico container (ICONDIR + ICONDIRENTRY records) around square PNG images; PNG-in-ICO is valid since Windows Vista.
import { pngSize } from './png-info.mjs'

const ICONDIR_BYTES = 6
const ICONDIRENTRY_BYTES = 16
const ICO_TYPE_ICON = 1
const MAX_ICO_SIZE = 256 // the one-byte width/height fields store 256 as 0

/**
 * @param {Uint8Array[]} pngs square PNG images, 1..256 px, smallest first by convention
 * @returns {Buffer}
 */
export function encodeIco(pngs) {
  if (pngs.length === 0) throw new Error('an ICO needs at least one image')
  const header = Buffer.alloc(ICONDIR_BYTES + ICONDIRENTRY_BYTES * pngs.length)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(ICO_TYPE_ICON, 2)
  header.writeUInt16LE(pngs.length, 4)
  let offset = header.length
  pngs.forEach((png, i) => {
    const { width, height } = pngSize(png)
    if (width !== height || width < 1 || width > MAX_ICO_SIZE) throw new Error(`ICO images must be square and at most 256 px, got ${width}x${height}`)
    const at = ICONDIR_BYTES + ICONDIRENTRY_BYTES * i
    header.writeUInt8(width % MAX_ICO_SIZE, at) // 256 -> 0
    header.writeUInt8(height % MAX_ICO_SIZE, at + 1)
    header.writeUInt8(0, at + 2) // colour count: 0 = no palette
    header.writeUInt8(0, at + 3) // reserved
    header.writeUInt16LE(1, at + 4) // colour planes
    header.writeUInt16LE(32, at + 6) // bits per pixel (RGBA)
    header.writeUInt32LE(png.byteLength, at + 8)
    header.writeUInt32LE(offset, at + 12)
    offset += png.byteLength
  })
  return Buffer.concat([header, ...pngs.map((png) => Buffer.from(png.buffer, png.byteOffset, png.byteLength))])
}
