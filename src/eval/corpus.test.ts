import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  foldOf,
  packageRoot,
  readLogChunksLabels,
  resolveCorpusDir,
  stripFixtureMarkers,
} from "./corpus.js";

describe("foldOf", () => {
  it.each([
    ["NancyFx/Nancy", 1],
    ["a/b", 2],
    ["pytorch/pytorch", 3],
    ["c/c", 4],
    ["f/f", 0],
    ["é/ü", 3],
  ])("%s → fold %i (first SHA-1 byte mod 5)", (repository, fold) => {
    expect(foldOf(repository)).toBe(fold);
  });
});

const corpusDir = resolveCorpusDir(undefined, process.env);
const hasCorpus = existsSync(join(corpusDir, "logchunks", "labels.jsonl"));
if (!hasCorpus) console.warn(`skipping corpus fold counts: ${corpusDir} not found`);

describe.skipIf(!hasCorpus)("folds of the real LogChunks labels", () => {
  it("match classification.md §6: 188/160/150/130/169 logs, 19/16/15/13/17 repositories", () => {
    const labels = readLogChunksLabels(corpusDir);
    const logs = [0, 0, 0, 0, 0];
    const repos = [0, 1, 2, 3, 4].map(() => new Set<string>());
    for (const entry of labels) {
      const fold = foldOf(entry.repository);
      logs[fold] = (logs[fold] ?? 0) + 1;
      repos[fold]?.add(entry.repository);
    }
    expect(labels).toHaveLength(797);
    expect(logs).toEqual([188, 160, 150, 130, 169]);
    expect(repos.map((r) => r.size)).toEqual([19, 16, 15, 13, 17]);
  });
});

describe("stripFixtureMarkers", () => {
  it("drops the SOURCE line, the MATCH prefix and the capture marks of the marked line only", () => {
    const text = [
      "#=SOURCE=# https://example.invalid/job/1",
      "noise ‹kept›",
      "#=MATCH=# ##[error]‹Failed to download archive›: 404",
      "tail",
      "",
    ].join("\n");
    expect(stripFixtureMarkers(text)).toBe(
      ["noise ‹kept›", "##[error]Failed to download archive: 404", "tail", ""].join("\n"),
    );
  });

  it("leaves a log without markers unchanged", () => {
    expect(stripFixtureMarkers("a\nb\n")).toBe("a\nb\n");
  });
});

describe("resolveCorpusDir", () => {
  it.each([
    { option: "x/corpus", env: {}, expected: resolve("x/corpus") },
    { option: undefined, env: { PITCREW_CORPUS: "/c" }, expected: "/c" },
    { option: "/o", env: { PITCREW_CORPUS: "/c" }, expected: "/o" },
    { option: undefined, env: {}, expected: resolve(packageRoot(), "../shared/corpus") },
  ])("--corpus $option, env $env", ({ option, env, expected }) => {
    expect(resolveCorpusDir(option, env)).toBe(expected);
  });

  it("finds the package root by its package.json", () => {
    expect(existsSync(join(packageRoot(), "package.json"))).toBe(true);
  });
});
