/**
 * Reads the two labelled corpora under shared/corpus: the LogChunks index with its gzip logs and
 * the PyTorch fixtures with their in-band markers. Logs are read one at a time, on demand.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { EvalInputError } from "./errors.js";

export const foldCount = 5;
/** Fold 0 is the frozen test set: measured, never inspected. */
export const testFold = 0;
export const developmentFolds = [1, 2, 3, 4] as const;
export const logchunksDir = "logchunks";
export const pytorchDir = "pytorch-log-classifier-fixtures";

export type SilverConfidence = "high" | "medium" | "low";

/** The fields of one LogChunks `labels.jsonl` row that the eval uses. */
export interface LogChunksEntry {
  id: string;
  repository: string;
  log_file: string;
  chunk_start_line: number;
  chunk_end_line: number;
  chunk_span_verified: boolean;
  same_chunk_group: string;
  silver_type: string;
  silver_category: string;
  silver_retryable: "yes" | "no";
  silver_action: string;
  silver_confidence: SilverConfidence;
}

/** The fields of one PyTorch fixture `labels.jsonl` row; `match_line` is null without a marker. */
export interface PytorchEntry {
  id: string;
  log_file: string;
  match_line: number | null;
  silver_type: string;
  silver_category: string;
  silver_retryable: "yes" | "no";
  silver_action: string;
}

/** Fold of a repository: first byte of SHA-1(UTF-8 `owner/name`) mod 5 (classification.md §6). */
export function foldOf(repository: string): number {
  const digest = createHash("sha1").update(repository, "utf8").digest();
  return (digest[0] ?? 0) % foldCount;
}

/** The package root: the nearest directory above this module that holds a package.json. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return dir;
}

/** `--corpus`, else PITCREW_CORPUS (both relative to the cwd), else ../shared/corpus of the package. */
export function resolveCorpusDir(option: string | undefined, env: NodeJS.ProcessEnv): string {
  const given = option ?? env.PITCREW_CORPUS;
  return given ? resolve(given) : resolve(packageRoot(), "../shared/corpus");
}

/** Throws EvalInputError (exit 2) unless both corpora's label files are present. */
export function assertCorpus(corpusDir: string): void {
  for (const sub of [logchunksDir, pytorchDir]) {
    const labels = join(corpusDir, sub, "labels.jsonl");
    if (!existsSync(labels)) {
      throw new EvalInputError(
        "corpus-missing",
        `corpus not found: ${labels} does not exist. Pass --corpus <dir> or set PITCREW_CORPUS ` +
          "to the folder holding logchunks/ and pytorch-log-classifier-fixtures/.",
      );
    }
  }
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

/** Every LogChunks label row, in file order. */
export function readLogChunksLabels(corpusDir: string): LogChunksEntry[] {
  return readJsonl<LogChunksEntry>(join(corpusDir, logchunksDir, "labels.jsonl"));
}

/** Every PyTorch fixture label row, in file order. */
export function readPytorchLabels(corpusDir: string): PytorchEntry[] {
  return readJsonl<PytorchEntry>(join(corpusDir, pytorchDir, "labels.jsonl"));
}

/** The raw bytes of one LogChunks log, gunzipped. */
export function readLogChunksLog(corpusDir: string, entry: LogChunksEntry): Buffer {
  return gunzipSync(readFileSync(join(corpusDir, logchunksDir, entry.log_file)));
}

/** The raw bytes of one PyTorch fixture, markers still in (see stripFixtureMarkers). */
export function readPytorchFixture(corpusDir: string, entry: PytorchEntry): Buffer {
  return readFileSync(join(corpusDir, pytorchDir, entry.log_file));
}

const sourcePrefix = "#=SOURCE=#";
const matchPrefix = "#=MATCH=# ";

/**
 * Undo upstream's in-band annotations: drop the leading `#=SOURCE=#` line (metadata, and
 * `match_line` counts without it), the `#=MATCH=# ` prefix, and the `‹ ›` capture marks on the
 * marked line only, so no other text of the log is touched.
 */
export function stripFixtureMarkers(text: string): string {
  const lines = text.split("\n");
  if (lines[0]?.startsWith(sourcePrefix)) lines.shift();
  const marked = lines.findIndex((line) => line.startsWith(matchPrefix));
  if (marked !== -1) {
    lines[marked] = (lines[marked] ?? "").slice(matchPrefix.length).replace(/[‹›]/g, "");
  }
  return lines.join("\n");
}
