/**
 * Deterministic synthetic GitHub Actions job log for the benchmarks: every line carries the GHA
 * timestamp, a realistic share carries ANSI colours or `\r` progress redraws, and one failure
 * (a failing Jest test) sits a few hundred lines before the end, as in a real red job.
 */
import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";

/** mulberry32: a tiny seeded PRNG, so every run writes byte-identical files. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Line = (r: () => number) => string;
const pick = <T>(r: () => number, items: readonly T[]): T =>
  items[Math.floor(r() * items.length)] as T;
const hex = (r: () => number, n: number) =>
  Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join("");
const int = (r: () => number, max: number) => Math.floor(r() * max);

const packages = ["lodash", "react", "typescript", "esbuild", "vite", "zod", "pino", "undici"];
const files = ["src/api/client.ts", "src/lib/cache.ts", "src/routes/user.tsx", "src/util/date.ts"];

// What a green stretch of a Node/Docker job prints; weights by repetition.
const filler: Line[] = [
  (r) => `npm warn deprecated ${pick(r, packages)}@${int(r, 9)}.${int(r, 20)}.0: use a newer one`,
  (r) => `added ${int(r, 900)} packages, and audited ${int(r, 1200)} packages in ${int(r, 60)}s`,
  (r) =>
    `\u001b[32mPASS\u001b[39m ${pick(r, files).replace(".ts", ".test.ts")} (${int(r, 9)}.${int(r, 99)} s)`,
  (r) =>
    `  ✓ ${pick(r, ["renders", "parses", "caches", "retries"])} the ${pick(r, packages)} case (${int(r, 300)} ms)`,
  (r) => `  ✓ handles input #${int(r, 5000)} without throwing (${int(r, 40)} ms)`,
  (r) => `${hex(r, 12)}: Pull complete`,
  (r) =>
    `${hex(r, 12)}: Downloading  ${int(r, 90)}.${int(r, 9)}MB/${int(r, 99)}MB\r${hex(r, 12)}: Downloading  ${int(r, 99)}MB/${int(r, 99)}MB`,
  (r) => `#${int(r, 30)} [build ${int(r, 9)}/${int(r, 9)}] RUN npm ci --omit=dev`,
  (r) =>
    `#${int(r, 30)} ${int(r, 80)}.${int(r, 999)} npm notice New minor version of npm available!`,
  (r) => `vite v5.${int(r, 9)}.${int(r, 9)} building for production...`,
  (r) =>
    `dist/assets/index-${hex(r, 8)}.js   ${int(r, 900)}.${int(r, 99)} kB │ gzip: ${int(r, 90)}.${int(r, 99)} kB`,
  (r) => `\u001b[36;1mnpm run build --workspace packages/${pick(r, packages)}\u001b[0m`,
  (r) => `[command]/usr/bin/git log -1 --format='%H' ${hex(r, 40)}`,
  (r) =>
    `  at Object.<anonymous> (/home/runner/work/app/app/node_modules/${pick(r, packages)}/index.js:${int(r, 900)}:${int(r, 60)})`,
  (r) =>
    `{"level":30,"time":${1_700_000_000_000 + int(r, 1e9)},"pid":${int(r, 9999)},"msg":"request completed","req":{"id":"${hex(r, 8)}-${hex(r, 4)}","method":"GET","url":"/api/items?page=${int(r, 90)}"},"res":{"statusCode":200},"responseTime":${int(r, 90)}.${int(r, 99)}}`,
  () => "##[group]Run actions/setup-node@v4",
  () => "##[endgroup]",
  () => "",
];

const failure = [
  "\u001b[31mFAIL\u001b[39m src/api/client.test.ts (12.3 s)",
  "  ● ApiClient › retries a 503 response",
  "",
  "    expect(received).toBe(expected) // Object.is equality",
  "",
  "    Expected: 3",
  "    Received: 1",
  "",
  "      at Object.<anonymous> (src/api/client.test.ts:42:21)",
  "",
  "Tests:       1 failed, 1432 passed, 1433 total",
  "##[error]Process completed with exit code 1.",
];

function stamp(second: number): string {
  const s = 1_722_333_444 + second;
  return `${new Date(s * 1000).toISOString().slice(0, 19)}.${String(s % 9_999_999).padStart(7, "0")}Z `;
}

/**
 * Write a log of at least `bytes` bytes to `path` unless a file that large is already there (the
 * caller puts the seed in the name) and return its path. The failure is followed by at least
 * `tailLines` filler lines, as post-job clean-up prints.
 */
export async function generateLog(path: string, bytes: number, seed = 42, tailLines = 300) {
  if (existsSync(path) && statSync(path).size >= bytes) return path;
  mkdirSync(dirname(path), { recursive: true });
  const r = seededRandom(seed);
  const out = createWriteStream(path);
  let written = 0;
  let n = 0;
  const write = async (text: string) => {
    const line = `${stamp(n++ >> 4)}${text}\n`;
    written += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  };
  while (written < bytes - 40_000) await write(pick(r, filler)(r));
  for (const text of failure) await write(text);
  for (let i = 0; i < tailLines || written < bytes; i++) await write(pick(r, filler)(r));
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return path;
}
