import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fingerprint, normalizeForFingerprint } from "./fingerprint.js";

describe("fingerprint", () => {
  it("has the v1 shape", () => {
    expect(fingerprint("npm-resolution", "npm ERR! code ERESOLVE")).toMatch(/^v1:[0-9a-f]{16}$/);
  });

  // Two runs of the same failure: everything that differs is volatile.
  // biome-ignore format: one row per pair reads best.
  it.each([
    ["line/column numbers", "src/parser.c:42:17: error: 'token' undeclared", "src/parser.c:57:3: error: 'token' undeclared"],
    ["commit shas", "fatal: reference is not a tree: 9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345", "fatal: reference is not a tree: 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"],
    ["short shas", "HEAD is now at 1a2b3c4 Merge pull request", "HEAD is now at 9f8e7d6 Merge pull request"],
    ["sha256 digests", "digest: sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae not found", "digest: sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9 not found"],
    ["ISO timestamps and durations", "2024-01-02T03:04:05Z FAILED tests/test_api.py::test_login - TimeoutError after 12.3s", "2024-03-09T11:22:33Z FAILED tests/test_api.py::test_login - TimeoutError after 450ms"],
    ["syslog and date(1) timestamps", "Mon Mar 25 16:43:24 UTC 2019 worker lost", "Tue Apr 2 09:05:11 UTC 2019 worker lost"],
    ["common log timestamps", '10.0.0.1 - - [25/Mar/2019:16:43:24 +0000] "GET /x" 502', '10.0.0.9 - - [02/Apr/2019:09:05:11 +0000] "GET /x" 502'],
    ["RFC 1123 dates", "Expires: Tue, 02 Apr 2019 10:00:00 GMT rejected", "Expires: Wed, 31 Jul 2024 23:59:59 GMT rejected"],
    ["compound durations", "Job exceeded 1m30s limit", "Job exceeded 12m5s limit"],
    ["parenthesised durations", "Ran 12 tests (0.12 sec): 1 failure", "Ran 14 tests (3.4 sec): 1 failure"],
    ["spelled durations", "timed out after 5 minutes waiting for runner", "timed out after 30 minutes waiting for runner"],
    ["GHA temp scripts and run ids", "Error: ENOENT: no such file '/home/runner/work/_temp/3f2a9c1e.sh' (run 812345)", "Error: ENOENT: no such file '/home/runner/work/_temp/77bd01aa.sh' (run 812399)"],
    ["/tmp directories", "cannot open /tmp/pytest-of-runner/pytest-3/test_x0/out.txt", "cannot open /tmp/pytest-of-runner/pytest-12/test_x1/out.txt"],
    ["macOS temp folders", "rm: /var/folders/xy/abc123_n4/T/build: Permission denied", "rm: /var/folders/qq/zz9k2_m1/T/build: Permission denied"],
    ["Windows temp", "C:\\Users\\runneradmin\\AppData\\Local\\Temp\\tmp1a2b.ps1 failed", "C:\\Users\\runneradmin\\AppData\\Local\\Temp\\tmpff09.ps1 failed"],
    ["runner workspaces of forks", "/home/travis/build/alice/app/src/main.c:10:2: error: x", "/home/travis/build/bob/app/src/main.c:12:2: error: x"],
    ["GHA workspaces", "/home/runner/work/app/app/src/x.ts(3,7): error TS2322: Type 'a' is not 'b'", "/home/runner/work/fork/fork/src/x.ts(9,1): error TS2322: Type 'a' is not 'b'"],
    ["UUIDs", "request 123e4567-e89b-12d3-a456-426614174000 failed: 503 Service Unavailable", "request 9b2f1c3d-0a4e-4b5f-8c6d-7e8f90a1b2c3 failed: 503 Service Unavailable"],
    ["IPv4 addresses and ports", "connect ECONNREFUSED 10.1.2.3:5432", "connect ECONNREFUSED 172.17.0.4:6543"],
    ["IPv6 addresses", "dial tcp [fe80::1ff:fe23:4567:890a]:443: i/o timeout", "dial tcp [2001:db8::8a2e:370:7334]:443: i/o timeout"],
    ["localhost ports and query strings", "GET http://localhost:39211/health?ts=1700000000&sig=ab12 failed", "GET http://localhost:41007/health?ts=1700000999&sig=cd34 failed"],
    ["run and job ids in URLs", "see https://github.com/o/r/actions/runs/123456/job/987654 for details", "see https://github.com/o/r/actions/runs/777/job/31337 for details"],
    ["memory addresses", "Segmentation fault at 0x7ffe5a3b2c10 in libfoo", "Segmentation fault at 0x55d1c0ffee00 in libfoo"],
    ["Python object reprs", "AssertionError: <app.Client object at 0x7f3a2b1c9d80> is not None", "AssertionError: <app.Client object at 0x7f00aa11bb22> is not None"],
    ["test seeds", "Randomized with seed 12345", "Randomized with seed 9"],
    ["seed flags", "Run options: --seed=-1234567", "Run options: --seed=42"],
    ["pids, counts and sizes", "Killed process 4242 (node) total-vm:123456kB", "Killed process 77 (node) total-vm:9876543kB"],
    ["emails", "Author identity unknown: runner@fv-az123-456.internal.cloudapp.net", "Author identity unknown: runner@fv-az9-1.internal.cloudapp.net"],
    ["go test durations", "--- FAIL: TestParse (0.01s)", "--- FAIL: TestParse (1.27s)"],
    ["whitespace", "  expected   3   got 4 ", "expected 3 got 4"],
  ])("ignores volatile %s", (_what, a, b) => {
    expect(normalizeForFingerprint(a)).toBe(normalizeForFingerprint(b));
    expect(fingerprint("rule", a)).toBe(fingerprint("rule", b));
  });

  // Different failures: what differs names what broke.
  // biome-ignore format: one row per pair reads best.
  it.each([
    ["different tests", "--- FAIL: TestParse (0.01s)", "--- FAIL: TestRender (0.01s)"],
    ["different errors", "error TS2322: Type mismatch", "error TS2304: Cannot find name 'x'"],
    ["different packages", "No matching distribution found for foo", "No matching distribution found for bar"],
    ["different files, same line", "src/a.c:10:1: error: x undeclared", "src/b.c:10:1: error: x undeclared"],
    ["different hosts", "Could not resolve host: github.com", "Could not resolve host: registry.npmjs.org"],
    ["different exceptions", "java.lang.NullPointerException at Foo.bar", "java.lang.IllegalStateException at Foo.bar"],
    ["different missing commands", "python3: command not found", "node18: command not found"],
    ["different HTTP verbs", "GET https://api.example.com/x failed", "PUT https://api.example.com/x failed"],
    ["different URL paths", "404 https://registry.npmjs.org/left-pad", "404 https://registry.npmjs.org/right-pad"],
    ["different signals", "Process killed by SIGKILL", "Process killed by SIGTERM"],
    ["different quoted values", "Cannot find module 'react'", "Cannot find module 'vue'"],
    ["different paths after the workspace", "/home/runner/work/app/app/src/x.ts: error", "/home/runner/work/app/app/lib/x.ts: error"],
    ["letters-only words", "undefined method `deadbeef'", "undefined method `cafebabe'"],
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
    ).toBe("<time> run <n> at <hex> in <tmp> took <duration>");
  });

  it("keeps the letters of identifiers and masks their digits", () => {
    expect(normalizeForFingerprint("error TS2322 in utf8 via sha256, x86_64 and e2e")).toBe(
      "error TS<n> in utf<n> via sha<n>, x<n>_<n> and <hex>",
    );
  });

  it("keeps the file of file:line:col and masks the position", () => {
    expect(normalizeForFingerprint("src/parser.c:42:17: error")).toBe(
      "src/parser.c:<n>:<n>: error",
    );
  });
});

// Realistic volatile fragments, free text and arbitrary characters, joined by separators.
const fragment = fc.oneof(
  fc.constantFrom(
    "2024-01-02T03:04:05.1234567Z",
    "Mon Mar 25 16:43:24 UTC 2019",
    "[25/Mar/2019:16:43:24 +0000]",
    "9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345",
    "123e4567-e89b-12d3-a456-426614174000",
    "10.1.2.3:5432",
    "[fe80::1ff:fe23:4567:890a]:443",
    "http://localhost:39211/health?ts=1700000000#L12",
    "/home/runner/work/_temp/3f2a9c1e.sh",
    "/home/travis/build/alice/app/src/main.c:10:2:",
    "C:\\Users\\me\\AppData\\Local\\Temp\\tmp1a2b.ps1",
    "at 0x7ffe5a3b2c10",
    "--seed 12345",
    "(0.12 sec)",
    "1m30s",
    "450ms",
    "TS2322",
    "E501",
    "runner@fv-az123.example.com",
    "v1.2.3",
    "x86_64",
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 6 }),
);
const line = fc.array(fragment, { maxLength: 8 }).chain((parts) =>
  fc
    .array(fc.constantFrom(" ", "", ":", "/", "-", ".", "=", "\t"), {
      minLength: parts.length,
      maxLength: parts.length,
    })
    .map((seps) => parts.map((part, i) => `${part}${seps[i] ?? ""}`).join("")),
);

/** Change digits: replace one, or grow or shrink a number by a digit (it stays a number). */
function mutateDigits(text: string, picks: number[]): string {
  let result = text;
  for (const pick of picks) {
    const digits = [...result.matchAll(/\d/g)].map((m) => m.index);
    if (digits.length === 0) return result;
    const at = digits[pick % digits.length] ?? 0;
    const digit = String(pick % 10);
    const op = Math.floor(pick / 10) % 3;
    const runOfMoreThanOne = /\d/.test(result[at - 1] ?? "") || /\d/.test(result[at + 1] ?? "");
    if (op === 0) result = `${result.slice(0, at)}${digit}${result.slice(at + 1)}`;
    else if (op === 1) result = `${result.slice(0, at)}${digit}${result.slice(at)}`;
    else if (runOfMoreThanOne) result = `${result.slice(0, at)}${result.slice(at + 1)}`;
  }
  return result;
}

describe("fingerprint (properties)", () => {
  it("masking is idempotent", () => {
    fc.assert(
      fc.property(line, (text) => {
        const once = normalizeForFingerprint(text);
        expect(normalizeForFingerprint(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it("changing, inserting or removing digits inside numbers never changes the fingerprint", () => {
    fc.assert(
      fc.property(line, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (text, picks) => {
        expect(fingerprint("rule", mutateDigits(text, picks))).toBe(fingerprint("rule", text));
      }),
      { numRuns: 2000 },
    );
  });
});
