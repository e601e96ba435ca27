import { type Case, outcome, t } from "./classify-table.js";

/** Rows for transient, resource, auth, dependency, compile and test failures. */
// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
export const infraCases: Case[] = [
  t`network: npm ECONNRESET ${{ gha: true }}
##[group]Run npm ci
npm ERR! code ECONNRESET
npm ERR! errno ECONNRESET
=> npm ERR! network request to https://registry.npmjs.org/lodash failed, reason: read ECONNRESET
npm ERR! network This is a problem related to network connectivity.
##[error]Process completed with exit code 1.`,
  t`network: git cannot resolve host ${{ gha: true }}
Syncing repository: example/app
/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --depth=1 origin +refs/heads/main
=> fatal: unable to access 'https://github.com/example/app/': Could not resolve host: github.com
##[error]The process '/usr/bin/git' failed with exit code 128`,
  t`network: curl (56) connection reset
+ curl -fsSL https://downloads.example.com/tool-1.2.3.tar.gz -o tool.tar.gz
=> curl: (56) OpenSSL SSL_read: Connection reset by peer, errno 104
##[error]Process completed with exit code 56.`,
  t`network: docker TLS handshake timeout beats generic daemon error
Pulling image node:20-bullseye
=> Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: TLS handshake timeout`,
  t`network: go module proxy i/o timeout
go: downloading github.com/stretchr/testify v1.9.0
=> go: github.com/stretchr/testify@v1.9.0: Get "https://proxy.golang.org/github.com/stretchr/testify/@v/v1.9.0.mod": dial tcp: lookup proxy.golang.org on 127.0.0.53:53: i/o timeout`,
  t`rate_limit: GitHub API rate limit
Fetching pull request files
=> HttpError: API rate limit exceeded for installation ID 4312987.
##[error]Process completed with exit code 1.`,
  t`rate_limit: Docker Hub pull limit
Unable to find image 'postgres:16' locally
=> docker: Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit.`,
  t`rate_limit: registry HTTP 429
=> npm ERR! 429 Too Many Requests - GET https://registry.npmjs.org/react
npm ERR! A complete log of this run can be found in: /home/runner/.npm/_logs/debug-0.log`,
  t`timeout: job exceeded maximum execution time ${{ gha: true }}
Running 1431 tests using 2 workers
=> ##[error]The job running on runner GitHub Actions 12 has exceeded the maximum execution time of 30 minutes.
##[error]The operation was canceled.`,
  t`timeout: step timeout-minutes
=> ##[error]The action 'Run integration tests' has timed out after 10 minutes.`,
  t`timeout: canceled line with timed_out conclusion ${{ meta: { conclusion: "timed_out" } }}
  ✓ renders header (5 ms)
=> ##[error]The operation was canceled.`,
  t`timeout: timed_out conclusion and an empty log ${{ meta: { conclusion: "timed_out" } }}`,
  t`timeout: GitLab execution took longer
$ ./gradlew check
=> ERROR: Job failed: execution took longer than 1h0m0s seconds`,
  t`out_of_memory: Node heap
<--- Last few GCs --->
[2210:0x5b1c2a0]    61234 ms: Mark-Compact 2046.1 (2081.6) -> 2045.2 (2082.1) MB, 1890.5 / 0.0 ms
=> FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory
 1: 0xb7c3e0 node::Abort() [node]
npm ERR! code ELIFECYCLE`,
  t`out_of_memory: JVM heap
> Task :app:compileJava
=> Exception in thread "main" java.lang.OutOfMemoryError: Java heap space
FAILURE: Build failed with an exception.`,
  t`out_of_memory: Killed with exit 137 from the GHA wrapper
> jest --ci --runInBand
=> /home/runner/work/_temp/9c1f.sh: line 1:  2345 Killed                  npm test
##[error]Process completed with exit code 137.`,
  t`out_of_memory: exit 137 in meta, nothing in the log ${{ meta: { exitCode: 137 } }}
Running tests...
tests/test_models.py ........`,
  t`out_of_memory: Python MemoryError
  File "/app/etl/load.py", line 88, in load_all
    rows = list(reader)
=> MemoryError`,
  t`disk_full: npm ENOSPC
npm ERR! code ENOSPC
npm ERR! syscall write
=> npm ERR! nospc Invalid response body while trying to fetch https://registry.npmjs.org/typescript: ENOSPC: no space left on device, write
npm ERR! nospc There appears to be insufficient space on your system to finish.`,
  t`disk_full: docker layer
=> failed to register layer: write /usr/lib/x86_64-linux-gnu/libLLVM-15.so.1: no space left on device`,
  t`disk_full: runner warning then IOException
##[warning]You are running out of disk space. The runner will stop working when the machine runs out of disk space. Free space left: 48 MB
=> ##[error]System.IO.IOException: No space left on device : '/home/runner/runners/2.317.0/_diag/Worker_20240102-030405-utc.log'`,
  t`auth_permissions: ssh publickey
Cloning into 'vendor/shared'...
=> git@github.com: Permission denied (publickey).
fatal: Could not read from remote repository.`,
  t`auth_permissions: npm E401
=> npm ERR! code E401
npm ERR! 401 Unauthorized - GET https://npm.pkg.github.com/@example%2futils - authentication token not provided`,
  t`auth_permissions: docker push denied
The push refers to repository [docker.io/example/api]
=> denied: requested access to the resource is denied`,
  t`auth_permissions: token lacks permission
RequestError [HttpError]: Resource not accessible by integration
=> ##[error]Resource not accessible by integration`,
  t`dependency_install: npm ERESOLVE
=> npm ERR! code ERESOLVE
npm ERR! ERESOLVE unable to resolve dependency tree
npm ERR! Could not resolve dependency:
npm ERR! peer react@"^17.0.0" from some-widget@2.1.0`,
  t`dependency_install: pip no matching distribution
ERROR: Could not find a version that satisfies the requirement requests==9.99.0 (from versions: 2.30.0, 2.31.0)
=> ERROR: No matching distribution found for requests==9.99.0`,
  t`dependency_install: Maven missing artifact
=> [ERROR] Failed to execute goal on project app: Could not resolve dependencies for project com.example:app:jar:1.0-SNAPSHOT: The following artifacts could not be resolved: com.example:missing-lib:jar:2.0.0 (absent) -> [Help 1]
[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
[ERROR] Re-run Maven using the -X switch to enable full debug logging.`,
  t`dependency_install: Gradle download 502 is retryable ${{ verdict: outcome("transient", true, "retry") }}
> Could not resolve all files for configuration ':app:debugRuntimeClasspath'.
   > Could not resolve com.squareup.okhttp3:okhttp:4.12.0.
=>       > Could not GET 'https://repo.maven.apache.org/maven2/com/squareup/okhttp3/okhttp/4.12.0/okhttp-4.12.0.pom'. Received status code 502 from server: Bad Gateway`,
  t`dependency_install: cargo version selection
    Updating crates.io index
=> error: failed to select a version for the requirement \`serde = "^9.0"\``,
  t`dependency_install: go unknown revision
=> go: github.com/example/lib@v1.4.2: invalid version: unknown revision v1.4.2`,
  t`compilation: tsc
> tsc -p tsconfig.json
=> src/index.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.
Found 1 error.
npm ERR! code ELIFECYCLE`,
  t`compilation: javac via Maven
[ERROR] COMPILATION ERROR :
=> [ERROR] /home/runner/work/app/app/src/main/java/com/example/App.java:[14,9] cannot find symbol
  symbol:   variable Strings
[INFO] 1 error`,
  t`compilation: gcc with make wrappers after it
cc -O2 -Wall -c src/parser.c -o src/parser.o
=> src/parser.c:42:17: error: 'token' undeclared (first use in this function)
make[1]: *** [Makefile:23: src/parser.o] Error 1
make: *** [Makefile:10: all] Error 2`,
  t`compilation: rustc
=> error[E0425]: cannot find value \`count\` in this scope
 --> src/main.rs:4:20
error: could not compile \`app\` (bin "app") due to 1 previous error`,
  t`compilation: go build
# example.com/app/cmd
=> ./main.go:12:3: undefined: fmt.Printn`,
  t`compilation: C# compiler
=> /home/runner/work/app/src/Program.cs(8,13): error CS0103: The name 'Consol' does not exist in the current context [/home/runner/work/app/src/App.csproj]
Build FAILED.`,
  t`compilation: linker
/usr/bin/ld: main.o: in function \`main':
=> main.c:(.text+0x1e): undefined reference to \`compute'
collect2: error: ld returned 1 exit status`,
  t`test_failure: jest: the failing test, not the summary ${{ gha: true }}
FAIL src/cart.test.ts
=>   ● Cart › applies discount to total
    Expected: 90
    Received: 100
Tests:       1 failed, 11 passed, 12 total
npm ERR! code ELIFECYCLE
##[error]Process completed with exit code 1.`,
  t`test_failure: pytest FAILED line beats === 1 failed ===
___________________________ test_checkout ___________________________
E       assert 3 == 4
tests/test_cart.py:8: AssertionError
=========================== short test summary info ============================
=> FAILED tests/test_cart.py::test_checkout - assert 3 == 4
===================== 1 failed, 5 passed in 0.42s =====================`,
  t`test_failure: go test
=== RUN   TestParse
    parse_test.go:21: got 3, want 4
=> --- FAIL: TestParse (0.00s)
FAIL
FAIL	example.com/app/parse	0.005s`,
  t`test_failure: Surefire
[ERROR] Tests run: 4, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.052 s <<< FAILURE! - in com.example.CalculatorTest
[ERROR] Failures:
=> [ERROR]   CalculatorTest.addsNumbers:17 expected: <4> but was: <5>
[ERROR] Tests run: 4, Failures: 1, Errors: 0, Skipped: 0
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on project app: There are test failures.`,
  t`test_failure: vitest
 ❯ src/math.test.ts (3 tests | 1 failed) 6ms
=>  FAIL  src/math.test.ts > multiplies
AssertionError: expected 6 to be 8 // Object.is equality
 Test Files  1 failed (1)`,
  t`test_failure: mocha: the first numbered failure, not the summary or the assertion
  2 passing (12ms)
  1 failing
=>   1) Array
       #indexOf()
         AssertionError [ERR_ASSERTION]: 0 == -1`,
  t`test_failure: rspec
5 examples, 1 failure
Failed examples:
=> rspec ./spec/cart_spec.rb:10 # Cart#total applies discount`,
  t`test_failure: cargo test
test tests::subtracts ... FAILED
=> ---- tests::subtracts stdout ----
thread 'tests::subtracts' panicked at src/lib.rs:12:9:
test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s`,
  t`test_failure: phpunit
There was 1 failure:
=> 1) Tests\\Unit\\CartTest::testTotal
Failed asserting that 100 matches expected 90.
FAILURES!
Tests: 5, Assertions: 7, Failures: 1.`,
];
