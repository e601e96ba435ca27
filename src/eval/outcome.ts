/** One classified log reduced to what the metrics need: gold labels, the verdict, line hits. */
import type { Classification } from "../domain/types.js";
import type { LogChunksEntry, PytorchEntry, SilverConfidence } from "./corpus.js";
import { type LineHit, lineHit } from "./metrics.js";

export type CorpusName = "logchunks" | "pytorch";

/** The labels of one log. `start`/`end` are null when the log has no gold line at all. */
export interface Gold {
  start: number | null;
  end: number | null;
  /** Whether line metrics may use the span (LogChunks `chunk_span_verified`). */
  lineVerified: boolean;
  type: string;
  category: string;
  action: string;
  retryable: boolean;
  confidence: SilverConfidence;
  /** Recurrence group (`same_chunk_group`), null where the corpus has none. */
  group: string | null;
}

/** The parts of a verdict the metrics look at. */
export interface Predicted {
  type: string;
  category: string;
  action: string;
  retryable: boolean;
  confidence: number;
  ruleId: string | null;
  fingerprint: string;
  lines: number[];
}

/** One scored log; small on purpose, so a run keeps hundreds without holding any log text. */
export interface Outcome {
  corpus: CorpusName;
  id: string;
  repository: string;
  fold: number | null;
  bytes: number;
  gold: Gold;
  pred: Predicted;
  /** Null when there is no verified gold line to compare with. */
  hit: LineHit | null;
}

function predicted(verdict: Classification): Predicted {
  return {
    type: verdict.type,
    category: verdict.category,
    action: verdict.suggestedAction,
    retryable: verdict.retryable,
    confidence: verdict.confidence,
    ruleId: verdict.ruleId,
    fingerprint: verdict.fingerprint,
    lines: verdict.evidence.map((e) => e.line),
  };
}

function scoredLines(gold: Gold, pred: Predicted): LineHit | null {
  if (!gold.lineVerified || gold.start === null || gold.end === null) return null;
  return lineHit(pred.lines, gold.start, gold.end);
}

/** Scores the verdict on one LogChunks log. */
export function logchunksOutcome(
  entry: LogChunksEntry,
  fold: number,
  bytes: number,
  verdict: Classification,
): Outcome {
  const gold: Gold = {
    start: entry.chunk_start_line,
    end: entry.chunk_end_line,
    lineVerified: entry.chunk_span_verified,
    type: entry.silver_type,
    category: entry.silver_category,
    action: entry.silver_action,
    retryable: entry.silver_retryable === "yes",
    confidence: entry.silver_confidence,
    group: entry.same_chunk_group,
  };
  const pred = predicted(verdict);
  const { id, repository } = entry;
  return {
    corpus: "logchunks",
    id,
    repository,
    fold,
    bytes,
    gold,
    pred,
    hit: scoredLines(gold, pred),
  };
}

/**
 * Scores the verdict on one PyTorch fixture. Upstream checked every marker against the real job,
 * so the labels count as high confidence; a fixture without a marker asserts "nothing matches".
 */
export function pytorchOutcome(
  entry: PytorchEntry,
  bytes: number,
  verdict: Classification,
): Outcome {
  const marked = entry.match_line !== null;
  const gold: Gold = {
    start: entry.match_line,
    end: entry.match_line,
    lineVerified: marked,
    type: marked ? entry.silver_type : "unknown",
    category: entry.silver_category,
    action: entry.silver_action,
    retryable: entry.silver_retryable === "yes",
    confidence: "high",
    group: null,
  };
  const pred = predicted(verdict);
  const base = { corpus: "pytorch" as const, id: entry.id, repository: "pytorch/pytorch" };
  return { ...base, fold: null, bytes, gold, pred, hit: scoredLines(gold, pred) };
}

/** Whether a log counts as passed: right type and, where there is a gold line, evidence[0] on it. */
export function passed(outcome: Outcome): boolean {
  return outcome.pred.type === outcome.gold.type && (outcome.hit?.hit1 ?? true);
}
