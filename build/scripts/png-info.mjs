// Reads the width and height of a PNG from its IHDR chunk; used by the ICO/ICNS writers to check their inputs, never decodes pixels.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/**
 * @param {Uint8Array} png
 * @returns {{ width: number, height: number }}
 */
export function pngSize(png) {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength)
  // signature (8) + IHDR length (4) + 'IHDR' (4) + width (4) + height (4)
  if (buf.length < 24 || !buf.subarray(0, 8).equals(PNG_SIGNATURE) || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG image (missing signature or IHDR chunk)')
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) }
}
