// Draws the app and tray icons into resources/icons/ as real PNG files, with no image tooling: shapes are
// signed-distance functions, supersampled 4x4 for anti-aliasing, encoded by hand (IHDR, IDAT, IEND).
// Run: node scripts/make-icons.mjs
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'resources', 'icons');

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA bytes (straight alpha) -> PNG file bytes. */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Signed distances in a unit square (0..1): negative inside.
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const roundRect = (cx, cy, hw, hh, r) => (x, y) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
/** A line segment with round ends (stroke width 2r). */
const capsule = (ax, ay, bx, by, r) => (x, y) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy) - r;
};
const ring = (cx, cy, r, width) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;
const union =
  (...shapes) =>
  (x, y) =>
    Math.min(...shapes.map((shape) => shape(x, y)));
/** Triangle pointing right, centred on (cx, cy). */
const arrowHead = (cx, cy, w, h) => (x, y) => {
  const px = x - cx + w / 2;
  const py = Math.abs(y - cy);
  // inside when px in [0, w] and py <= h/2 * (1 - px / w)
  const edge = (py - (h / 2) * (1 - px / w)) / Math.hypot(1, h / 2 / w);
  return Math.max(-px, px - w, edge);
};

const hex = (value) => [1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16));
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

/** layers: [{ shape, color(x, y) -> [r,g,b] }] painted in order. */
function render(size, layers) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          let colour = null;
          for (const layer of layers) if (layer.shape(x, y) <= 0) colour = layer.color(x, y);
          if (colour) {
            r += colour[0];
            g += colour[1];
            b += colour[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
        rgba[i + 3] = Math.round((a / (samples * samples)) * 255);
      }
    }
  }
  return encodePng(size, rgba);
}

const white = () => [255, 255, 255];

// App icon: blue rounded square, a source dot feeding an arrow into a target dot (document -> ERP).
function appIcon(size) {
  const top = hex('#228be6');
  const bottom = hex('#1864ab');
  return render(size, [
    { shape: roundRect(0.5, 0.5, 0.46, 0.46, 0.2), color: (_x, y) => mix(top, bottom, y) },
    {
      shape: union(
        circle(0.2, 0.5, 0.1),
        roundRect(0.4, 0.5, 0.15, 0.045, 0.02),
        arrowHead(0.6, 0.5, 0.12, 0.24),
        ring(0.8, 0.5, 0.08, 0.05),
      ),
      color: white,
    },
  ]);
}

// Tray: a coloured disc per state with a white mark that reads at 16 px.
const TRAY = {
  idle: {
    colour: hex('#2f9e44'),
    mark: union(capsule(0.28, 0.52, 0.44, 0.68, 0.075), capsule(0.44, 0.68, 0.72, 0.34, 0.075)),
  },
  running: {
    colour: hex('#1c7ed6'),
    mark: union(roundRect(0.4, 0.5, 0.13, 0.07, 0.03), arrowHead(0.62, 0.5, 0.18, 0.36)),
  },
  attention: {
    colour: hex('#e8590c'),
    mark: union(roundRect(0.5, 0.4, 0.07, 0.2, 0.05), circle(0.5, 0.76, 0.075)),
  },
};

function trayIcon(size, state) {
  const spec = TRAY[state];
  return render(size, [
    { shape: circle(0.5, 0.5, 0.47), color: () => spec.colour },
    { shape: spec.mark, color: white },
  ]);
}

mkdirSync(join(outDir, 'linux'), { recursive: true });
writeFileSync(join(outDir, 'icon-512.png'), appIcon(512));
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(join(outDir, 'linux', `${size}x${size}.png`), appIcon(size));
}
for (const state of Object.keys(TRAY)) {
  writeFileSync(join(outDir, `tray-${state}.png`), trayIcon(16, state));
  writeFileSync(join(outDir, `tray-${state}@2x.png`), trayIcon(32, state));
}
console.log(`icons written to ${outDir}`);
