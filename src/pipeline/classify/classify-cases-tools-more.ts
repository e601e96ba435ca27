import { t } from "./classify-table.js";

/** Setup actions, Xcode, Android, Dart/Flutter, Deno, Bun and browser test runners (tools audit). */
// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
export const moreToolCases = [
  t`configuration: setup-java version ${{ gha: true }}
Run actions/setup-java@v4
=> ##[error]Could not find satisfied version for SemVer '99'.`,
  t`configuration: setup-go version ${{ gha: true }}
Run actions/setup-go@v5
=> ##[error]Unable to find Go version '1.99' for platform linux and architecture x64.`,
  t`configuration: Android SDK location
* What went wrong:
Could not determine the dependencies of task ':app:compileDebugJavaWithJavac'.
=> > SDK location not found. Define a valid SDK location with an ANDROID_HOME environment variable or by setting the sdk.dir path in your project's local properties file at '/src/local.properties'.`,
  t`configuration: Android SDK licences
=> > Failed to install the following Android SDK packages as some licences have not been accepted.
     build-tools;34.0.0 Android SDK Build-Tools 34`,
  t`test_failure: Gradle failing tests note
> Task :test FAILED
FAILURE: Build failed with an exception.
* What went wrong:
Execution failed for task ':test'.
=> > There were failing tests. See the report at: file:///src/build/reports/tests/test/index.html`,
  t`lint: flutter analyze
Analyzing app...
  error • Undefined name 'foo' • lib/main.dart:12:5 • undefined_identifier
=>    info • Prefer const with constant constructors • lib/main.dart:20:12 • prefer_const_constructors
2 issues found. (ran in 3.1s)`,
  t`compilation: Dart compiler
=> lib/main.dart:12:5: Error: Undefined name 'foo'.
    foo();
    ^^^
Target kernel_snapshot failed: Exception`,
  t`test_failure: dart test and flutter test
00:01 +3: parses empty input
=> 00:02 +3 -1: parses a list [E]
  Expected: <1>
    Actual: <0>
00:02 +3 -1: Some tests failed.`,
  t`compilation: Deno type check
Check file:///src/main.ts
=> error: TS2322 [ERROR]: Type 'string' is not assignable to type 'number'.
const x: number = "a";
      ^
    at file:///src/main.ts:1:7`,
  t`test_failure: bun test
src/parse.test.ts:
✓ parses empty input [0.10ms]
=> (fail) parses a list [0.12ms]

 1 pass
 1 fail`,
  t`test_failure: Playwright
Running 3 tests using 1 worker
=>   1) [chromium] › tests/login.spec.ts:3:5 › logs in ──────────────────────────────
    Error: expect(page).toHaveTitle(expected) failed
  1 failed
    [chromium] › tests/login.spec.ts:3:5 › logs in
  2 passed (5.1s)`,
  t`test_failure: Cypress run summary
  (Run Finished)
=>   ✖  1 of 3 failed (33%)                      00:12        9        8        1        -        -`,
];
