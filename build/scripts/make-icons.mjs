// Rasterises build/icon.svg (the one source image) into every icon electron-builder uses: icon.png, icons/NxN.png, icon.ico, icon.icns.
// Run with `npm run icons` and commit the output; pure WASM (@resvg/resvg-wasm), so no native module and no network.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { initWasm, Resvg } from '@resvg/resvg-wasm'
import { encodeIco } from './ico-writer.mjs'
import { encodeIcns } from './icns-writer.mjs'

const BUILD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SOURCE_SVG = path.join(BUILD_DIR, 'icon.svg')
const MASTER_PX = 1024
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
/** OSType → pixel size; ic13/ic08 and ic14/ic09 share a rendering (retina of the size below). */
const ICNS_ENTRIES = [
  ['ic11', 32], ['ic12', 64], ['ic07', 128], ['ic13', 256],
  ['ic08', 256], ['ic14', 512], ['ic09', 512], ['ic10', 1024],
]

const require = createRequire(import.meta.url)
await initWasm(await readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')))
const svg = await readFile(SOURCE_SVG, 'utf8')

/** @type {Map<number, Uint8Array>} */
const pngs = new Map()
/** Each size is rendered from the vector source (not downscaled from 1024 px), so small icons stay crisp. */
function render(px) {
  let png = pngs.get(px)
  if (png === undefined) {
    const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: px }, shapeRendering: 2 })
    const image = resvg.render()
    if (image.width !== px || image.height !== px) throw new Error(`rendered ${image.width}x${image.height}, wanted ${px}x${px}`)
    png = image.asPng()
    image.free()
    resvg.free()
    pngs.set(px, png)
  }
  return png
}

const written = []
async function write(rel, data) {
  await writeFile(path.join(BUILD_DIR, rel), data)
  written.push(`build/${rel} (${data.byteLength} bytes)`)
}

await write('icon.png', render(MASTER_PX))
await mkdir(path.join(BUILD_DIR, 'icons'), { recursive: true })
for (const px of LINUX_SIZES) await write(`icons/${px}x${px}.png`, render(px))
await write('icon.ico', encodeIco(ICO_SIZES.map(render)))
await write('icon.icns', encodeIcns(ICNS_ENTRIES.map(([type, px]) => ({ type, png: render(px) }))))
console.log(`icons from build/icon.svg:\n  ${written.join('\n  ')}`)
