import { describe, expect, it } from "vitest";
import { fingerprint, normalizeForFingerprint } from "./fingerprint.js";

describe("fingerprint", () => {
  it("has the v1 shape", () => {
    expect(fingerprint("npm-resolution", "npm ERR! code ERESOLVE")).toMatch(/^v1:[0-9a-f]{16}$/);
  });

  it.each([
    [
      "line/column numbers",
      "src/parser.c:42:17: error: 'token' undeclared",
      "src/parser.c:57:3: error: 'token' undeclared",
    ],
    [
      "commit shas",
      "fatal: reference is not a tree: 9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345",
      "fatal: reference is not a tree: 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
    ],
    [
      "timestamps and durations",
      "2024-01-02T03:04:05Z FAILED tests/test_api.py::test_login - TimeoutError after 12.3s",
      "2024-03-09T11:22:33Z FAILED tests/test_api.py::test_login - TimeoutError after 450ms",
    ],
    [
      "temp paths and run ids",
      "Error: ENOENT: no such file '/home/runner/work/_temp/3f2a9c1e.sh' (run 812345)",
      "Error: ENOENT: no such file '/home/runner/work/_temp/77bd01aa.sh' (run 812399)",
    ],
    [
      "UUIDs",
      "request 123e4567-e89b-12d3-a456-426614174000 failed: 503 Service Unavailable",
      "request 9b2f1c3d-0a4e-4b5f-8c6d-7e8f90a1b2c3 failed: 503 Service Unavailable",
    ],
    [
      "IP addresses and ports",
      "connect ECONNREFUSED 10.1.2.3:5432",
      "connect ECONNREFUSED 172.17.0.4:6543",
    ],
    [
      "localhost ports and query strings",
      "GET http://localhost:39211/health?ts=1700000000&sig=ab12 failed",
      "GET http://localhost:41007/health?ts=1700000999&sig=cd34 failed",
    ],
    ["go test durations", "--- FAIL: TestParse (0.01s)", "--- FAIL: TestParse (1.27s)"],
  ])("ignores volatile %s", (_what, a, b) => {
    expect(fingerprint("rule", a)).toBe(fingerprint("rule", b));
  });

  it.each([
    ["different tests", "--- FAIL: TestParse (0.01s)", "--- FAIL: TestRender (0.01s)"],
    ["different errors", "error TS2322: Type mismatch", "error TS2304: Cannot find name 'x'"],
    [
      "different packages",
      "No matching distribution found for foo",
      "No matching distribution found for bar",
    ],
  ])("separates %s", (_what, a, b) => {
    expect(fingerprint("rule", a)).not.toBe(fingerprint("rule", b));
  });

  it("separates the same line under different rules", () => {
    expect(fingerprint("rule-a", "boom")).not.toBe(fingerprint("rule-b", "boom"));
  });

  it("is stable for an empty evidence text", () => {
    expect(fingerprint("unknown", "")).toBe(fingerprint("unknown", ""));
  });
});

describe("normalizeForFingerprint", () => {
  it("masks tokens and collapses whitespace", () => {
    expect(
      normalizeForFingerprint(
        "  2024-01-02T03:04:05.123Z  run 42 at 0xdeadbeef   in /tmp/build-8d7f/x.o took 3.5s ",
      ),
    ).toBe("<time> run N at <hex> in <tmp> took <duration>");
  });

  it("keeps identifiers that merely contain digits", () => {
    expect(normalizeForFingerprint("error TS2322 in utf8 via E501")).toBe(
      "error TS2322 in utf8 via E501",
    );
  });
});
