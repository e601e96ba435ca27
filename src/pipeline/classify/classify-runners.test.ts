/**
 * Rows for the test runners and compilers of test-runners.yaml and compilers.yaml (and their
 * neighbours in tests.yaml and build.yaml), and the engine's choice of line: `pick: first`
 * and the footer of a meta-only rule. Same table convention as classify.test.ts: "=> " marks
 * the line the evidence must point at.
 */
import { describe, expect, it } from "vitest";
import type { FailureType } from "../../domain/types.js";
import { classify } from "./classify.js";
import { defaultRulesDir, loadRules } from "./load-rules.js";

const rules = loadRules([defaultRulesDir]);

interface Row {
  type: FailureType;
  rule: string;
  lines: string[];
}

/** First line "<type> <rule-id>", then the log. */
function t(strings: TemplateStringsArray): Row {
  const [header = "", ...lines] = strings.join("").split("\n");
  const [type = "", rule = ""] = header.trim().split(/\s+/);
  return { type: type as FailureType, rule, lines };
}

// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
const rows: Row[] = [
  t`test_failure numbered-failure
$ npm test
  12 passing (3s)
  2 failing
=>   1) Parser
       parses empty input:
     AssertionError: expected [] to deeply equal [ 1 ]
  2) Parser
       parses a list:
     Error: timeout of 2000ms exceeded
The command "npm test" exited with 1.`,
  t`test_failure numbered-failure
$ mix test
=>   1) test rejects bad input (MyApp.ParserTest)
     test/parser_test.exs:12
     Assertion with == failed
Finished in 0.3 seconds
10 tests, 1 failure
The command "mix test" exited with 2.`,
  t`test_failure tap-failure-diagnostic
$ node test.js
not ok 3 sorts the list
  ---
=>     operator: deepEqual
    expected: [1, 2]
    actual:   [2, 1]
  ...
not ok 4 keeps order
  ---
    operator: equal
  ...
# fail  2
The command "node test.js" exited with 1.`,
  t`test_failure xcpretty-failure-report
$ xcodebuild test | xcpretty
    ✗ testParsesDate, XCTAssertEqual failed: ("1") is not equal to ("2")
App_Tests.DateTests
  testParsesDate, XCTAssertEqual failed: ("1") is not equal to ("2")
=>   /Users/ci/build/app/Tests/DateTests.swift:42
	 Executed 120 tests, with 1 failure (0 unexpected) in 4.1 (4.3) seconds
The command "xcodebuild test | xcpretty" exited with 65.`,
  t`compilation xcpretty-compile-error
$ travis_retry xcodebuild build | xcpretty
=> ❌  /Users/ci/build/app/Sources/Model.swift:97:2: unknown attribute 'dynamicMemberLookup'
** BUILD FAILED **
❌  /Users/ci/build/app/Sources/Model.swift:97:2: unknown attribute 'dynamicMemberLookup'
The command "travis_retry xcodebuild build | xcpretty" exited with 65.`,
  t`test_failure prove-failure
$ prove -j3 t/
[12:45:01] t/0001-init.t ......... ok     1200 ms
[12:45:05] t/0002-parse.t ........ 
=> Dubious, test returned 1 (wstat 256, 0x100)
Failed 1/5 subtests 
Result: FAIL
The command "prove -j3 t/" exited with 1.`,
  t`test_failure vim-test-failure
$ make test
Failures: 
	From test_popup.vim:
=> 	Found errors in Test_popup_position():
	function RunTheTest[40]..Test_popup_position line 5: Expected 3 but got 4
TEST FAILURE
The command "make test" exited with 2.`,
  t`test_failure common-test-failure
$ make ct
- - - - - - - - - - - - - - - - - - - - - - - - - -
=> queue_SUITE:publish_confirm failed on line 195
Reason: {test_case_failed,timeout}
- - - - - - - - - - - - - - - - - - - - - - - - - -
Testing app.queue_SUITE: *** FAILED test case 12 of 40 ***
The command "make ct" exited with 2.`,
  t`test_failure pester-failed-test
$ pwsh -c Invoke-Pester
Describing Get-Config
    [+] reads defaults 12ms
=>     [-] merges overrides 20ms
      Expected 2, but got 1.
    [-] rejects unknown keys 8ms
Tests Passed: 1, Failed: 2, Skipped: 0
The command "pwsh -c Invoke-Pester" exited with 1.`,
  t`test_failure scalatest-failed-test
$ sbt test
=> [info] - parses a header *** FAILED ***
[info]   "a" did not equal "b" (ParserSpec.scala:21)
[info] - parses a body *** FAILED ***
[error] Failed tests:
[error] 	com.example.ParserSpec
The command "sbt test" exited with 1.`,
  t`test_failure r-check-tests-failed
$ R CMD check pkg_1.0.tar.gz
* checking tests ...
  Running ‘testthat.R’
 ERROR
=> Running the tests in ‘tests/testthat.R’ failed.
Last 13 lines of output:
The command "R CMD check pkg_1.0.tar.gz" exited with 1.`,
  t`test_failure minitest-failure
$ bundle exec rake test
=> Error:
UserTest#test_saves_name:
NameError: undefined local variable or method 'nme'
Failure:
UserTest#test_validates_email [test/models/user_test.rb:20]:
12 runs, 20 assertions, 1 failures, 1 errors, 0 skips
The command "bundle exec rake test" exited with 1.`,
  t`test_failure xunit-failed-test
$ dotnet test
  Starting:    App.Tests
=>     App.Tests.ParserFixture.Should_parse_numbers [FAIL]
      Assert.Equal() Failure
      Expected: 1
The command "dotnet test" exited with 1.`,
  t`test_failure karma-failed-test
$ karma start --single-run
=> Chrome 75.0.3770 (Linux 0.0.0) Router navigates to the home page FAILED
	Expected 'a' to be 'b'.
Chrome 75.0.3770 (Linux 0.0.0): Executed 10 of 10 (1 FAILED) (0.5 secs / 0.4 secs)
The command "karma start --single-run" exited with 1.`,
  t`test_failure php-fatal-error
$ vendor/bin/phpunit
......=> PHP Fatal error:  Class 'App\\Util\\Response' not found in /build/src/Http.php on line 286
The command "vendor/bin/phpunit" exited with 255.`,
  t`crash sanitizer-report
$ make check
=> ==16563==ERROR: AddressSanitizer: SEGV on unknown address 0x000001d548d0 (pc 0x455084)
==16563==The signal is caused by a WRITE memory access.
Segmentation fault (core dumped)
The command "make check" exited with 1.`,
  t`crash process-crash
$ ./run-tests
Running suite core
=> bash: line 1: 28142 Segmentation fault      (core dumped) ./core-tests
The command "./run-tests" exited with 139.`,
  t`unknown uncaught-exception
$ python tools/release.py
Traceback (most recent call last):
  File "tools/release.py", line 10, in <module>
    main()
=> RuntimeError: tag v1.2.3 already exists
The command "python tools/release.py" exited with 1.`,
  t`compilation ghc-error
$ cabal build
[ 3 of 9] Compiling Lib.Parser ( src/Lib/Parser.hs, dist/build/Lib/Parser.o )
=> src/Lib/Parser.hs:42:19: error:
    Variable not in scope: parseInt :: String -> Int
The command "cabal build" exited with 1.`,
  t`compilation ghc-werror-warning
$ stack build --pedantic
=> src/Lib/Json.hs:94:10: Warning:
    No explicit implementation for ‘mappend’
<no location info>:
Failing due to -Werror.
The command "stack build --pedantic" exited with 1.`,
  t`compilation sass-error
$ npm run build-sass
=> Error: Undefined variable: "$dropdown-divider-color".
        on line 12 of sass/components/dropdown.sass
The command "npm run build-sass" exited with 1.`,
  t`compilation erlang-compile-error
$ make
 ERLC   rabbit_vhost.erl
=> src/rabbit_vhost.erl:91: field description undefined in record vhost
erlang.mk:5360: recipe for target 'ebin/rabbit.app' failed
The command "make" exited with 2.`,
  t`compilation java-kotlin-scala-error
$ sbt compile
=> [error] /build/src/main/scala/app/Setup.scala:10:8: object Logger is not a member of package org.slf4j
[error] /build/src/main/scala/app/Main.scala:40:25: not found: value Logger
[error] two errors found
The command "sbt compile" exited with 1.`,
  t`compilation linker-error
$ make
=> main.c:(.text+0x14): undefined reference to \`parse_config'
collect2: error: ld returned 1 exit status
The command "make" exited with 2.`,
  t`unknown uncaught-exception
$ node scripts/release.js
/src/scripts/release.js:12
    const tag = config.release.tag;
                               ^

=> TypeError: Cannot read properties of undefined (reading 'tag')
    at Object.<anonymous> (/src/scripts/release.js:12:32)
    at Module._compile (node:internal/modules/cjs/loader:1256:14)

Node.js v20.10.0
The command "node scripts/release.js" exited with 1.`,
  t`unknown uncaught-exception
$ java -jar build/app.jar
=> Exception in thread "main" java.lang.IllegalStateException: config.yml not found
	at com.example.Main.main(Main.java:12)
The command "java -jar build/app.jar" exited with 1.`,
  t`unknown uncaught-exception
$ ruby scripts/release.rb
=> scripts/release.rb:12:in 'Release#tag': undefined method 'name' for nil (NoMethodError)
	from scripts/release.rb:20:in '<main>'
The command "ruby scripts/release.rb" exited with 1.`,
  t`unknown uncaught-exception
$ dotnet run --project tools/Release
=> Unhandled exception. System.InvalidOperationException: tag v1.2.3 already exists
   at Release.Program.Main(String[] args) in /src/tools/Release/Program.cs:line 12
The command "dotnet run --project tools/Release" exited with 134.`,
  t`crash process-crash
$ ./build/tests
=> terminate called after throwing an instance of 'std::runtime_error'
  what():  bad state
Aborted (core dumped)
The command "./build/tests" exited with 134.`,
  t`crash process-crash
$ ./build/tests
=> *** stack smashing detected ***: terminated
Aborted (core dumped)
The command "./build/tests" exited with 134.`,
  t`crash process-crash
$ go run ./cmd/server
=> panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]

goroutine 1 [running]:
The command "go run ./cmd/server" exited with 2.`,
  t`crash rust-panic
$ cargo run --release
=> thread 'main' panicked at src/main.rs:12:5:
called \`Option::unwrap()\` on a \`None\` value
note: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace
The command "cargo run --release" exited with 101.`,
  t`crash process-crash
$ mvn -B verify
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.2:test (default-test) on project app: There are test failures.
=> [ERROR] The forked VM terminated without properly saying goodbye. VM crash or System.exit called?
The command "mvn -B verify" exited with 1.`,
  t`crash process-crash
$ ./gradlew test
=> # A fatal error has been detected by the Java Runtime Environment:
#
#  SIGSEGV (0xb) at pc=0x00007f3c2d1e2b3a, pid=1234, tid=1235
The command "./gradlew test" exited with 1.`,
];

describe("classify: test runners and compilers", () => {
  it.each(rows)("$type: $rule", (row) => {
    const marked = row.lines.findIndex((l) => l.includes("=> "));
    const text = row.lines.map((l) => l.replace("=> ", "")).join("\n");
    const verdict = classify(text, {}, rules);
    expect({ type: verdict.type, ruleId: verdict.ruleId }).toEqual({
      type: row.type,
      ruleId: row.rule,
    });
    expect(verdict.evidence[0]?.line).toBe(marked + 1);
  });
});

describe("classify: which line of the winning rule", () => {
  it("points a meta-only rule at the footer that reported the exit code", () => {
    const log = [
      "$ timeout 35m ./build.sh",
      "[ 3 of 220] Compiling Distribution.Compat.Exception",
      'The command "timeout 35m ./build.sh" exited with 124.',
    ].join("\n");
    const verdict = classify(log, {}, rules);
    expect(verdict.type).toBe("timeout");
    expect(verdict.evidence[0]?.line).toBe(3);
  });

  it("lets an exit-code rule beat an uncaught exception, which only says where", () => {
    const log = ["$ ./slow.sh", "KeyboardInterrupt: stopped", 'The command "x" exited with 124.'];
    expect(classify(log.join("\n"), {}, rules)).toMatchObject({ type: "timeout" });
  });

  it("with pick: first, takes the first line of the last copy of a list printed twice", () => {
    const run = [
      "    [-] merges overrides 20ms",
      "      Expected 2, but got 1.",
      "    [-] rejects unknown keys 8ms",
      "      Expected an error.",
    ];
    const log = ["$ ./test.ps1", ...run, "Retrying", ...run, 'The command "x" exited with 1.'];
    expect(classify(log.join("\n"), {}, rules).evidence[0]?.line).toBe(7);
  });

  it("with pick: first, keeps the first of one error printed once per attempt", () => {
    const error = "❌  /ci/app/Model.swift:97:2: unknown attribute 'x'";
    const log = [
      "$ travis_retry xcodebuild",
      error,
      "",
      error,
      "",
      error,
      'The command "x" exited with 65.',
    ];
    expect(classify(log.join("\n"), {}, rules).evidence[0]?.line).toBe(2);
  });
});
