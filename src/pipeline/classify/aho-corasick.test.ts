import { describe, expect, it } from "vitest";
import { type AcLiteral, buildAhoCorasick, literalsIn, scanAhoCorasick } from "./aho-corasick.js";

/** Every hit as `literal@end`, in the order reported. */
function hits(literals: AcLiteral[], text: string): string[] {
  const found: string[] = [];
  scanAhoCorasick(buildAhoCorasick(literals), text, (id, end) => {
    found.push(`${literals[id]?.text}@${end}`);
  });
  return found;
}

/** Every occurrence found by trying each literal at each offset. */
function naive(literals: AcLiteral[], text: string): string[] {
  const found: string[] = [];
  for (let end = 1; end <= text.length; end++) {
    for (const { text: literal, ignoreCase } of literals) {
      const piece = text.slice(end - literal.length, end);
      if (end < literal.length || piece.length !== literal.length) continue;
      const same = ignoreCase
        ? new RegExp(`^${literal.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&")}$`, "i").test(piece)
        : piece === literal;
      if (same) found.push(`${literal}@${end}`);
    }
  }
  return found.sort();
}

const cs = (text: string): AcLiteral => ({ text, ignoreCase: false });
const ci = (text: string): AcLiteral => ({ text, ignoreCase: true });

describe("Aho–Corasick", () => {
  it.each<[string, AcLiteral[], string, string[]]>([
    ["empty set", [], "anything at all", []],
    ["empty text", [cs("abc")], "", []],
    ["no occurrence", [cs("abc")], "ab ac bc", []],
    [
      "overlapping",
      [cs("he"), cs("she"), cs("his"), cs("hers")],
      "ushers",
      ["she@4", "he@4", "hers@6"],
    ],
    ["a literal inside another", [cs("error"), cs("ror")], "error", ["error@5", "ror@5"]],
    ["repeats overlap", [cs("aa")], "aaaa", ["aa@2", "aa@3", "aa@4"]],
    ["case-insensitive", [ci("Error")], "ERROR error eRrOr", ["Error@5", "Error@11", "Error@17"]],
    ["case-sensitive", [cs("Error")], "ERROR Error error", ["Error@11"]],
    [
      "same letters, both cases",
      [cs("TS"), ci("tsx")],
      "TSX tsx TS ts",
      ["TS@2", "tsx@3", "tsx@7", "TS@10"],
    ],
    [
      "two case-sensitive spellings",
      [cs("FAIL"), cs("fail")],
      "FAIL Fail fail",
      ["FAIL@4", "fail@14"],
    ],
    [
      "at line starts and ends",
      [cs("npm"), cs("ERR!")],
      "npm ERR!\nnpm\nERR!",
      ["npm@3", "ERR!@8", "npm@12", "ERR!@17"],
    ],
    ["non-ASCII", [cs("✖ "), cs("❌")], "a ✖ b ❌\n✖", ["✖ @4", "❌@7"]],
    [
      "non-ASCII case-insensitive",
      [ci("ÉCHEC")],
      "échec Échec ÉCHEC",
      ["ÉCHEC@5", "ÉCHEC@11", "ÉCHEC@17"],
    ],
    ["non-ASCII case-sensitive", [cs("É"), ci("é")], "é É", ["é@1", "É@3", "é@3"]],
    [
      "punctuation and digits",
      [cs("(28)"), cs("E404")],
      "curl: (28) E404 e404",
      ["(28)@10", "E404@15"],
    ],
  ])("%s", (_name, literals, text, expected) => {
    expect(hits(literals, text)).toEqual(expected);
  });

  it("finds what trying every literal at every offset finds", () => {
    const literals = [
      ci("error"),
      cs("Error:"),
      cs("rror"),
      ci("ERR!"),
      cs("r"),
      ci("or e"),
      cs("✕"),
    ];
    const text = "npm ERR! Error: error\nERROR ✕ rror\nor error:\nErr!";
    expect([...hits(literals, text)].sort()).toEqual(naive(literals, text));
  });

  it("reports hits by increasing end offset", () => {
    const literals = [ci("abc"), ci("b"), ci("bcd"), cs("c")];
    const ends = hits(literals, "xabcdabcd").map((hit) => Number(hit.split("@")[1]));
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
  });

  it("lists the literals of a span once each, none that cross its ends", () => {
    const literals = [cs("Error"), ci("fail"), cs("ERR!"), cs("or")];
    const ac = buildAhoCorasick(literals);
    const text = "npm ERR! Error: FAIL fail ERROR";
    const found: number[] = [];
    literalsIn(ac, text, 4, 27, found);
    expect(found.map((id) => literals[id]?.text)).toEqual(["ERR!", "Error", "or", "fail"]);
    const edge: number[] = [];
    literalsIn(ac, text, 10, 27, edge);
    expect(edge.map((id) => literals[id]?.text)).toEqual(["or", "fail"]);
  });
});
