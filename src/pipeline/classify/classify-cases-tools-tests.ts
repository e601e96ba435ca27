import { outcome, t } from "./classify-table.js";

const fixCode = { verdict: outcome("persistent", false, "fix_code") };

/** Test runners of many ecosystems, as each prints a failure (tools audit). */
// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
export const testToolCases = [
  t`test_failure: jest names the failing test
FAIL src/sum.test.js
  sum
    ✓ adds positives (3 ms)
    ✕ adds negatives (4 ms)
=>   ● sum › adds negatives
    expect(received).toBe(expected) // Object.is equality
Tests:       1 failed, 1 passed, 2 total`,
  t`test_failure: vitest
 ❯ src/sum.test.ts (2 tests | 1 failed) 5ms
   × sum > adds negatives 3ms
⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯
=>  FAIL  src/sum.test.ts > sum > adds negatives
AssertionError: expected -1 to be -2 // Object.is equality
 Test Files  1 failed (1)
      Tests  1 failed | 1 passed (2)`,
  t`test_failure: mocha
  12 passing (3s)
  1 failing
=>   1) Parser
       parses a list:
     AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:`,
  t`test_failure: node:test spec reporter
▶ parser
  ✔ parses empty input (0.51ms)
  ✖ parses a list (1.23ms)
    AssertionError [ERR_ASSERTION]: Expected values to be strictly deep-equal:
✖ parser (2.1ms)
ℹ tests 2
ℹ pass 1
ℹ fail 1
✖ failing tests:

test at test/parse.test.js:5:3
=> ✖ parses a list (1.23ms)
  AssertionError [ERR_ASSERTION]: Expected values to be strictly deep-equal:`,
  t`test_failure: node:test TAP reporter
TAP version 13
# Subtest: parses a list
=> not ok 1 - parses a list
  ---
  duration_ms: 1.23
  failureType: 'testCodeFailure'
  error: 'Expected values to be strictly deep-equal'
  ...
# fail 1`,
  t`test_failure: ava
  ✔ parses empty input
=>   ✘ [fail]: parses a list Difference (- actual, + expected):
  ─
  1 test failed`,
  t`test_failure: ava 3
  ✔ parses empty input
  ✖ parses a list
  ─

  parses a list

  test/parse.js:12

=>   1 test failed`,
  t`test_failure: pytest
=================================== FAILURES ===================================
_________________________________ test_parse _________________________________
    def test_parse():
>       assert parse("a") == 1
E       AssertionError: assert 0 == 1
tests/test_parse.py:5: AssertionError
=========================== short test summary info ============================
=> FAILED tests/test_parse.py::test_parse - AssertionError: assert 0 == 1
========================= 1 failed, 3 passed in 0.12s ==========================`,
  t`test_failure: unittest on Python 3.11
..F.
======================================================================
=> FAIL: test_parse (tests.test_parse.ParseTest.test_parse)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/src/tests/test_parse.py", line 8, in test_parse
    self.assertEqual(parse("a"), 1)
AssertionError: 0 != 1
----------------------------------------------------------------------
Ran 4 tests in 0.001s
FAILED (failures=1)`,
  t`test_failure: nose function test
..F
======================================================================
=> FAIL: tests.test_parse.test_parse_list
----------------------------------------------------------------------
Traceback (most recent call last):
AssertionError: 0 != 1
Ran 3 tests in 0.002s
FAILED (failures=1)`,
  t`test_failure: tox runs pytest
py311: commands[0]> pytest
=> FAILED tests/test_parse.py::test_parse - assert 0 == 1
========================= 1 failed, 3 passed in 0.12s ==========================
py311: exit 1 (0.50 seconds) /src> pytest pid=123
  py311: FAIL code 1 (2.34=setup[1.84]+cmd[0.50] seconds)
  evaluation failed :( (2.41 seconds)`,
  t`test_failure: behave failing scenario
Failing scenarios:
=>   features/login.feature:10  User logs in with a wrong password

0 features passed, 1 failed, 0 skipped
1 scenario passed, 1 failed, 0 skipped`,
  t`test_failure: Maven Surefire 3
[INFO] Running com.example.AppTest
[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 s <<< FAILURE! -- in com.example.AppTest
[ERROR] com.example.AppTest.parses -- Time elapsed: 0.01 s <<< FAILURE!
org.opentest4j.AssertionFailedError: expected: <1> but was: <2>
[ERROR] Failures: 
=> [ERROR]   AppTest.parses:20 expected: <1> but was: <2>
[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0`,
  t`test_failure: Gradle test task
=> AppTest > parses() FAILED
    org.opentest4j.AssertionFailedError at AppTest.java:20
2 tests completed, 1 failed
> Task :test FAILED
FAILURE: Build failed with an exception.`,
  t`test_failure: go test
=== RUN   TestParse
    parse_test.go:12: got 0, want 1
=> --- FAIL: TestParse (0.00s)
FAIL
FAIL	example.com/app/parse	0.004s`,
  t`test_failure: cargo test
running 2 tests
test tests::parses_empty ... ok
test tests::parses_list ... FAILED
failures:
=> ---- tests::parses_list stdout ----
thread 'tests::parses_list' panicked at src/lib.rs:10:5:
assertion \`left == right\` failed
test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s`,
  t`test_failure: rspec
Failures:
  1) User validates the email
     Failure/Error: expect(user).to be_valid
Finished in 0.1 seconds (files took 0.5 seconds to load)
3 examples, 1 failure
Failed examples:
=> rspec ./spec/models/user_spec.rb:12 # User validates the email`,
  t`test_failure: minitest 5
Run options: --seed 4242
=>   1) Failure:
UserTest#test_validates_email [test/models/user_test.rb:20]:
Expected: true
  Actual: false
5 runs, 9 assertions, 1 failures, 0 errors, 0 skips`,
  t`test_failure: phpunit
There was 1 failure:

=> 1) Tests\\UserTest::testEmail
Failed asserting that false is true.
FAILURES!
Tests: 5, Assertions: 9, Failures: 1.`,
  t`test_failure: dotnet test (vstest console logger)
=>   Failed App.Tests.ParserTests.ParsesNumbers [< 1 ms]
  Error Message:
   Assert.Equal() Failure
Failed!  - Failed:     1, Passed:    12, Skipped:     0, Total:    13, Duration: 45 ms - App.Tests.dll (net8.0)`,
  t`test_failure: xUnit runner prefix inside dotnet test
[xUnit.net 00:00:00.52]     App.Tests.ParserTests.ParsesNumbers [FAIL]
=>   Failed App.Tests.ParserTests.ParsesNumbers [3 ms]
  Error Message:
   Assert.Equal() Failure`,
  t`test_failure: NUnit console
Errors, Failures and Warnings

=> 1) Failed : App.Tests.ParserTests.ParsesNumbers
  Expected: 1
  But was:  2
Test Run Summary
  Overall result: Failed`,
  t`test_failure: ctest
    Start 2: parser_test
=> 2/3 Test #2: parser_test ......................***Failed    0.01 sec
The following tests FAILED:
	  2 - parser_test (Failed)
Errors while running CTest`,
  t`test_failure: googletest
[ RUN      ] Parser.Empty
=> /src/test/parser_test.cc:12: Failure
Expected equality of these values:
  parse("")
    Which is: 0
  1
[  FAILED  ] Parser.Empty (0 ms)
[  FAILED  ] 1 test, listed below:
[  FAILED  ] Parser.Empty`,
  t`test_failure: Catch2
-------------------------------------------------------------------------------
Parser parses empty input
-------------------------------------------------------------------------------
/src/test/test_parser.cpp:10
...............................................................................

=> /src/test/test_parser.cpp:12: FAILED:
  REQUIRE( parse("") == 1 )
with expansion:
  0 == 1
===============================================================================
test cases: 2 | 1 passed | 1 failed
assertions: 3 | 2 passed | 1 failed`,
  t`test_failure: Boost.Test
Running 3 test cases...
=> /src/test/parser.cpp(12): error: in "parser/empty": check parse("") == 1 has failed [0 != 1]

*** 1 failure is detected in the test module "Master Test Suite"`,
  t`test_failure: ExUnit
=>   1) test parses a list (App.ParserTest)
     test/parser_test.exs:12
     Assertion with == failed
Finished in 0.1 seconds
5 tests, 1 failure`,
  t`test_failure: EUnit
module 'parser_tests'
=>   parser_tests: parse_list_test...*failed*
in function parser_tests:'-parse_list_test/0-fun-0-'/0 (test/parser_tests.erl, line 10)
**error:{assertEqual,[{module,parser_tests},{line,10},{expected,1},{value,0}]}
  Failed: 1.  Skipped: 0.  Passed: 3.`,
  t`test_failure: hspec
Failures:

  test/ParserSpec.hs:12:5:
=>   1) Parser.parse parses a list
       expected: 1
        but got: 0
5 examples, 1 failure`,
  t`test_failure: testthat 3rd edition
══ Failed tests ════════════════════════════════════════════════════════════════
=> ── Failure ('test-parse.R:12:3'): parse works ──────────────────────────────────
parse("a") (\`actual\`) not equal to 1 (\`expected\`).
[ FAIL 1 | WARN 0 | SKIP 0 | PASS 10 ]
Error: Test failures
Execution halted`,
  t`test_failure: testthat 2nd edition
=> ── 1. Failure: parse works (@test-parse.R#12)  ──────────────────────────────────
parse("a") not equal to 1.
══ DONE ════════════════════════════════════════════════════════════════════════
Error: testthat unit tests failed`,
  t`test_failure: Julia Test
=> parse: Test Failed at /home/runner/work/Parser.jl/Parser.jl/test/runtests.jl:12
  Expression: parse("a") == 1
   Evaluated: 0 == 1
Test Summary: | Pass  Fail  Total
parse         |    3     1      4
ERROR: LoadError: Some tests did not pass: 3 passed, 1 failed, 0 errored, 0 broken.`,
  t`test_failure: swift test on Linux
Test Suite 'ParserTests' started at 2024-05-06 07:08:09.123
=> /src/Tests/ParserTests/ParserTests.swift:12: error: ParserTests.testParse : XCTAssertEqual failed: ("0") is not equal to ("1") - 
Test Case 'ParserTests.testParse' failed (0.002 seconds)
Executed 3 tests, with 1 failure (0 unexpected) in 0.004 (0.004) seconds`,
  t`test_failure: swift-testing
=> ✘ Test parse() recorded an issue at ParserTests.swift:12:5: Expectation failed: (parse("a") → 0) == 1
✘ Test parse() failed after 0.001 seconds with 1 issue.
✘ Test run with 3 tests failed after 0.002 seconds with 1 issue.`,
  t`test_failure: Perl Test::More under prove
t/parse.t .. 
=> #   Failed test 'parses a list'
#   at t/parse.t line 12.
#          got: '0'
#     expected: '1'
# Looks like you failed 1 test of 5.
t/parse.t .. Dubious, test returned 1 (wstat 256, 0x100)
Failed 1/5 subtests`,
  t`test_failure: busted
●●◼
2 successes / 1 failure / 0 errors / 0 pending : 0.01 seconds

=> Failure → spec/parser_spec.lua @ 5
parser parses a list
spec/parser_spec.lua:6: Expected objects to be the same.`,
  t`test_failure: lein test
lein test app.core-test

lein test :only app.core-test/parse-test

=> FAIL in (parse-test) (core_test.clj:7)
expected: (= 1 (parse "a"))
  actual: (not (= 1 0))

Ran 3 tests containing 5 assertions.
1 failures, 0 errors.
Tests failed.`,
  t`test_failure: ScalaTest in sbt
[info] ParserSpec:
=> [info] - should parse a list *** FAILED ***
[info]   0 did not equal 1 (ParserSpec.scala:12)
[error] Failed: Total 3, Failed 1, Errors 0, Passed 2
[error] Failed tests:
[error] 	app.ParserSpec
[error] (Test / test) sbt.TestsFailedException: Tests unsuccessful`,
  t`test_failure: specs2 in sbt
[info] ParserSpec
=> [error] x parse a list
[error]  0 != 1 (ParserSpec.scala:12)
[error] Failed: Total 3, Failed 1, Errors 0, Passed 2`,
  t`test_failure: munit in sbt
app.ParserSuite:
  + parses empty input 0.002s
=> ==> X app.ParserSuite.parses a list  0.01s munit.ComparisonFailException: /src/test/scala/ParserSuite.scala:12
[error] Failed: Total 2, Failed 1, Errors 0, Passed 1`,
  t`test_failure: cucumber (Ruby)
1 scenario (1 failed)
3 steps (1 failed, 2 passed)
Failing Scenarios:
=> cucumber features/login.feature:10 # Scenario: User logs in`,
  t`test_failure: cucumber-js
Failures:

=> 1) Scenario: User logs in # features/login.feature:10
   ✔ Given a user
   ✖ Then I see the dashboard # features/step_definitions/steps.js:12
       AssertionError: expected false to be true
1 scenario (1 failed)`,
  t`test_failure: jasmine
Failures:
=> 1) Calculator adds numbers
  Message:
    Expected 2 to equal 3.
  Stack:
5 specs, 1 failure`,
  t`test_failure: tap (node-tap)
# Subtest: test/parse.js
=>     not ok 1 - should be equal
      ---
      found: 0
      wanted: 1
      at:
        line: 12
      ...`,
  t`test_failure: Pester 5
Describing Get-Config
=>   [-] Get-Config.merges overrides 20ms (18ms|2ms)
   Expected 2, but got 1.
Tests completed in 1.2s
Tests Passed: 1, Failed: 1, Skipped: 0 NotRun: 0`,
  t`crash: go test panics inside a test ${fixCode}
=== RUN   TestParse
--- FAIL: TestParse (0.00s)
=> panic: runtime error: index out of range [1] with length 1 [recovered]
	panic: runtime error: index out of range [1] with length 1
goroutine 7 [running]:
FAIL	example.com/app/parse	0.004s`,
];
