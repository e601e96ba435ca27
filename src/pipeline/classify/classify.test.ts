import { describe, expect, it } from "vitest";
import type { Category, FailureType, SuggestedAction } from "../../domain/types.js";
import { type ClassifyMeta, classify } from "./classify.js";
import { defaultRulesDir, loadRules } from "./load-rules.js";

const rules = loadRules([defaultRulesDir]);

interface Verdict {
  category: Category;
  retryable: boolean;
  suggestedAction: SuggestedAction;
}
const outcome = (category: Category, retryable: boolean, suggestedAction: SuggestedAction) => ({
  category,
  retryable,
  suggestedAction,
});

/** classification.md §3.3 defaults; a row overrides them only where the table says "may". */
// biome-ignore format: a table reads best as a table.
const defaults: Partial<Record<FailureType, Verdict>> = {
  network:            outcome("transient", true, "retry"),
  rate_limit:         outcome("transient", true, "retry"),
  timeout:            outcome("transient", true, "retry"),
  infrastructure:     outcome("transient", true, "retry"),
  disk_full:          outcome("transient", true, "clear_cache"),
  cancelled:          outcome("transient", false, "ignore"),
  out_of_memory:      outcome("persistent", false, "escalate"),
  dependency_install: outcome("persistent", false, "fix_code"),
  compilation:        outcome("persistent", false, "fix_code"),
  test_failure:       outcome("persistent", false, "fix_code"),
  lint:               outcome("persistent", false, "fix_code"),
  content_check:      outcome("persistent", false, "fix_code"),
  auth_permissions:   outcome("configuration", false, "fix_config"),
  configuration:      outcome("configuration", false, "fix_config"),
  unknown:            outcome("unknown", false, "escalate"),
};

interface CaseOptions {
  meta?: ClassifyMeta;
  verdict?: Partial<Verdict>;
  /** Prefix every line with a GitHub Actions timestamp, as real GHA logs have. */
  gha?: boolean;
}
interface Case extends CaseOptions {
  type: FailureType;
  name: string;
  /** The log lines; "=> " marks the line the evidence must point at. */
  lines: string[];
}

/** One table row: first line "<type>: <name> ${options}", then the log, one line per line. */
function t(strings: TemplateStringsArray, ...options: CaseOptions[]): Case {
  const [header = "", ...lines] = strings.join("").split("\n");
  const [, type = "", name = ""] = /^(\w+): (.*?)\s*$/.exec(header) ?? [];
  return { type: type as FailureType, name, lines, ...Object.assign({}, ...options) };
}

/** The log as the CI would send it, and the 1-based number of the "=> " line (null if none). */
function materialise({ lines, gha }: Case): { text: string; line: number | null } {
  const marked = lines.findIndex((l) => l.startsWith("=> "));
  const stamp = (l: string, i: number) => (gha ? `2024-05-06T07:08:${10 + i}.1234567Z ${l}` : l);
  const text = lines.map((l, i) => stamp(l.replace(/^=> /, ""), i)).join("\n");
  return { text, line: marked === -1 ? null : marked + 1 };
}

// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
const cases: Case[] = [
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
  t`lint: eslint finding over its summary
/home/runner/work/app/app/src/index.js
=>    3:7   error    'unused' is assigned a value but never used  no-unused-vars
  12:1   warning  Unexpected console statement                 no-console
✖ 2 problems (1 error, 1 warning)`,
  t`lint: ruff
src/app/main.py:1:8: F401 [*] \`os\` imported but unused
=> src/app/main.py:14:89: E501 Line too long (112 > 88)
Found 2 errors.`,
  t`lint: black
=> would reformat /home/runner/work/app/app/src/app/main.py
Oh no! 💥 💔 💥
1 file would be reformatted, 12 files would be left unchanged.`,
  t`lint: prettier
Checking formatting...
[warn] src/components/Button.tsx
=> [warn] Code style issues found in the above file. Run Prettier with --write to fix.`,
  t`lint: golangci-lint
=> internal/api/handler.go:42:12: Error return value of \`w.Write\` is not checked (errcheck)
1 issues:`,
  t`lint: rubocop
=> app/models/user.rb:12:5: C: Style/StringLiterals: Prefer single-quoted strings.
25 files inspected, 1 offense detected, 1 offense autocorrectable`,
  t`lint: markdownlint (markdownlint-cli 0.x format)
> markdownlint --config .markdownlint.json README.md
=> README.md: 29: MD012/no-multiple-blanks Multiple consecutive blank lines [Expected: 1; Actual: 2]`,
  t`lint: stylelint string formatter
normalize.css
=>  13:2  ✖  Expected double colon          selector-pseudo-element-colon-notation
          pseudo-element notation`,
  t`lint: ESLint compact format with a prettier rule
> eslint --format compact src
=> src/grammar-registry.js:639 Insert \`;\` (prettier/prettier)`,
  t`lint: standard
=> standard: Use JavaScript Standard Style (https://standardjs.com)
  /home/travis/build/app/lib/locale.js:36:16: Unexpected trailing comma.`,
  t`lint: flake8 beats a missing command printed by setup
sh: 1: sw_vers: not found
$ flake8 .
=> ./app/rules/init.py:8:9: E128 continuation line under-indented for visual indent`,
  t`lint: perlcritic
$ perlcritic --severity 5 script.pl
=> Use IO::Interactive::is_interactive() instead of -t at line 69, column 28.  See page 218 of PBP.  (Severity: 5)`,
  t`lint: SwiftLint warning in strict mode
Linting 'Object.swift' (12/80)
=> /Users/travis/build/app/Sources/Object.swift:88:42: warning: Colon Violation: Colons should be next to the identifier when specifying a type. (colon)
Done linting! Found 1 violation, 1 serious in 80 files.`,
  t`lint: SwiftLint error outranks the compiler-shaped line rule
=> /src/App/View.swift:12:1: error: Force Cast Violation: Force casts should be avoided. (force_cast)`,
  t`lint: mix format --check-formatted
=> ** (Mix) mix format failed due to --check-formatted.
The following files were not formatted:
  * lib/app/server.ex`,
  t`lint: gometalinter gofmt
>>> gometalinter.v2 --vendor --disable-all --enable=goimports --enable=gofmt ./...
=> eth/config.go:1::warning: file is not gofmted with -s (gofmt)`,
  t`lint: PHPStan table
 ------ ----------------------------------------------
=>   Line   src/Installer.php
 ------ ----------------------------------------------
  1174   Method Installer::update() invoked with 8 parameters, 7 required.
 [ERROR] Found 1 error`,
  t`lint: ShellCheck tty format
In deploy.sh line 3:
echo $1
     ^-- SC2086: Double quote to prevent globbing and word splitting.
=>      ^-- SC2086 (info): Double quote to prevent globbing and word splitting.`,
  t`lint: a regenerated file differs from the committed one
$ make docs && git diff --exit-code
=> diff --git a/docs/README.org b/docs/README.org
index 18d226b..c6dbc80 100644
--- a/docs/README.org
+++ b/docs/README.org`,
  t`lint: size-limit budget
=>   Package size limit has exceeded by 934 B
  Package size: 103.91 KB
  Size limit:   103 KB`,
  t`lint: MiMa binary compatibility
[error]  * method foo()Int in class app.Api does not have a correspondent in current version
=> [error]    filter with: ProblemFilters.exclude[DirectMissingMethodProblem]("app.Api.foo")
[error] (core / mimaReportBinaryIssues) core: Binary compatibility check failed!`,
  t`lint: editorconfig check
=> CHANGELOG.md failed indent_char: found setting '  ', should be '    '`,
  t`lint: lint code after file:line
=> pages/common/tar.md:3: TLDR004 Command descriptions should end in a period`,
  t`content_check: awesome_bot dead links, not a network error
Issues :-(
=> > Links
  1. [L696]  https://example.org/mode/ Failed to open TCP connection to example.org:443 (Connection refused - connect(2) for "example.org" port 443)
> Dupes
  None ✓`,
  t`content_check: linkinator
> linkinator _site --recurse --silent
=>   [404] http://localhost:5422/docs/4.3/dist/js/bundle.js
ERROR: Detected 1 broken links. Scanned 589 links in 5.881 seconds.`,
  t`content_check: html-proofer
- ./_site/patterns/visitor/index.html
  *  internally linking to ../visitor/README.md, which does not exist (line 1)
=>   *  External link http://example.com/paper.pdf failed: 404 No error
htmlproofer 3.0.6 | Error:  HTML-Proofer found 2 failures!`,
  t`content_check: front matter of a page does not parse
Configuration file: /home/travis/build/site/_config.yml
=> (./tr-tr/clojure-tr.html.markdown): did not find expected ',' or ']' while parsing a flow sequence at line 5 column 7`,
  t`content_check: Hugo reference not found
=> ERROR 2019/08/01 15:12:45 [en] REF_NOT_FOUND: Ref "/docs/getting-started": "/site/content/docs/approach.md:58:54": page not found
Error: Error building site: logged 1 error(s)`,
  t`content_check: xmllint validity error in doc sources
=> ../xml/erl_parse.xml:72: element name: validity error : Element marker is not declared in name list of possible children`,
  t`content_check: cspell
=> docs/guide.md:12:5 - Unknown word (recieve)
CSpell: Files checked: 40, Issues found: 1 in 1 files`,
  t`configuration: command not found
=> /home/runner/work/_temp/4f1c.sh: line 1: make: command not found
##[error]Process completed with exit code 127.`,
  t`configuration: invalid workflow
=> The workflow is not valid. .github/workflows/ci.yml (Line: 12, Col: 9): Unrecognized named-value: 'secret'.`,
  t`configuration: unresolvable action
Download action repository 'actions/setup-nodee@v4'
=> ##[error]Unable to resolve action \`actions/setup-nodee@v4\`, repository not found`,
  t`configuration: startup_failure conclusion ${{ meta: { conclusion: "startup_failure" } }}`,
  t`configuration: exit 127 in meta ${{ meta: { exitCode: 127 } }}
Running deploy`,
  t`configuration: Windows unknown command
=> 'pnpm' is not recognized as an internal or external command,
operable program or batch file.`,
  t`configuration: missing script file
=> bash: ./scripts/deploy.sh: No such file or directory`,
  t`configuration: no Rakefile
$ rake
rake aborted!
=> No Rakefile found (looking for: rakefile, Rakefile, rakefile.rb, Rakefile.rb)`,
  t`configuration: make target missing
=> make: *** No rule to make target \`travis'.  Stop.`,
  t`configuration: Go flag the helper does not define
+t/validator --trace2_event_file=/tmp/tmp.7muyW --progress=10000
=> flag provided but not defined: -trace2_event_file
Usage of t/validator:`,
  t`configuration: Travis step script missing
$ $HOME/install-jdk.sh --target "/home/travis/openjdk11"
=> /home/travis/.travis/functions: line 104: /home/travis/install-jdk.sh: No such file or directory`,
  t`configuration: xcodebuild destination
=> xcodebuild: error: Unable to find a destination matching the provided destination specifier:
		{ platform:tvOS Simulator, name:Apple TV 1080p }`,
  t`configuration: docker invalid reference
+docker build -t :current .
=> invalid argument ":current" for t: invalid reference format`,
  t`configuration: container entry point, not a daemon outage
container_linux.go:265: starting container process caused "exec: \"-c\": executable file not found in $PATH"
=> docker: Error response from daemon: oci runtime error: container_linux.go:265: starting container process caused "exec: \"-c\": executable file not found in $PATH".`,
  t`configuration: ninja step exit 127
=> FAILED: [code=127] third_party/fmt/CMakeFiles/fmt.dir/src/format.cc.o.ddi
/bin/sh: 1: CMAKE_CXX_COMPILER_CLANG_SCAN_DEPS-NOTFOUND: not found
ninja: build stopped: subcommand failed.`,
  t`configuration: Ubuntu command-not-found handler
$ swift build && swift test
=> The program 'swift' is currently not installed. To run 'swift' please ask your administrator to install the package 'python-swiftclient'`,
  t`test_failure: a missing command printed by setup does not hide the failing test
/Users/travis/.travis/job_stages: line 166: shell_session_update: command not found
  pyenv: pip3: command not found
=> --- FAIL: TestParse (0.00s)
FAIL`,
  t`dependency_install: CocoaPods
=>     - ERROR | [OSX] unknown: Encountered an unknown error (CocoaPods could not find compatible versions for pod "ReactiveCocoa":
  In Podfile:`,
  t`dependency_install: R package not available
* checking package dependencies ... ERROR
=> Package required but not available: ‘lubridate’
See section ‘The DESCRIPTION file’ in the ‘Writing R Extensions’ manual.`,
  t`dependency_install: shared library missing on the runner ${{ verdict: outcome("persistent", false, "fix_config") }}
=> /tmp/emacs/bin/emacs: error while loading shared libraries: libgnutls.so.26: cannot open shared object file: No such file or directory`,
  t`dependency_install: sbt unresolved dependency
[warn] 	::::::::::::::::::::::::::::::::::::::::::::::
=> sbt.ResolveException: unresolved dependency: org.example#core_2.12;1.0.0-SNAPSHOT: not found
	at sbt.IvyActions$.sbt$IvyActions$$resolve(IvyActions.scala:320)`,
  t`dependency_install: Composer problem detail
Your requirements could not be resolved to an installable set of packages.
  Problem 1
=>     - The requested package acme/bridge 4.4@dev exists as acme/bridge[3.4.x-dev, 4.3.x-dev] but these are rejected by your constraint.`,
  t`dependency_install: Emacs package archive has no such version
=>   signal(error ("Package \`emacs-25.1' is unavailable"))
  error("Package \`%s-%s' is unavailable" emacs "25.1")`,
  t`compilation: compiler error beats the missing image it causes
=> src/fixer.c:38:10: error: use of undeclared identifier 'foo'
docker: Error response from daemon: manifest for example/tool:current not found.`,
  t`network: cabal cannot reach Hackage
Downloading the latest package list from hackage.haskell.org
=> cabal: Couldn't establish HTTP connection. Possible cause: HTTP proxy
server is down.`,
  t`network: Emacs package archive unreachable
=>   signal(error ("Could not create connection to elpa.gnu.org:443"))
  url-http(...)`,
  t`network: a retried download is not the cause
2019-08-15 08:35:35 (9.84 MB/s) - Read error at byte 1886964/56182363 (Connection reset by peer). Retrying.
=> fatal: unable to access 'https://github.com/vim/vim/': Empty reply from server`,
  t`timeout: Karma lost the browser
Chrome 75.0.3770 (Mac OS X 10.13.6) ERROR
=>   Disconnected, because no message in 30000 ms.`,
  t`timeout: helper subprocess deadline
  File "/usr/lib/python3.10/subprocess.py", line 1198, in _check_timeout
=> subprocess.TimeoutExpired: Command '['git', 'diff', 'HEAD~1']' timed out after 5 seconds`,
  t`timeout: test driver reports exit 124
Running test_ops 4/10
=> Command took >30min, returning 124
test_ops 4/10 failed!`,
  t`auth_permissions: deploy without an access key
=> [wait] Failed to upload index.html (Access key cannot be null.). Trying again in 1 second.`,
  t`unknown: credential errors of a report upload are not the cause
Running tests
=> Failed to upload artifacts: Unable to locate credentials`,
  t`unknown: "too many requests" in prose is not a rate limit
Sometimes, making too many requests at once also breaks things.`,
  t`infrastructure: runner shutdown ${{ gha: true }}
Download action repository 'actions/checkout@v4'
=> ##[error]The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.
##[error]The operation was canceled.`,
  t`infrastructure: runner lost
=> ##[error]The self-hosted runner: build-03 lost communication with the server. Verify the machine is running and has a healthy network connection.`,
  t`infrastructure: GitLab system failure
Preparing the "docker" executor
=> ERROR: Job failed (system failure): Error response from daemon: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?`,
  t`cancelled: cancelled conclusion ${{ meta: { conclusion: "cancelled" } }}
  ✓ renders header (5 ms)
=> ##[error]The operation was canceled.`,
  t`unknown: nothing convincing
Deploying to staging
=> Error: deployment verification did not pass
##[error]Process completed with exit code 1.`,
  t`unknown: only a wrapper line
=> ##[error]Process completed with exit code 1.`,
];

describe("classify: one table row per failure shape", () => {
  it.each(cases)("$type: $name", (row) => {
    const { text, line } = materialise(row);
    const verdict = classify(text, row.meta ?? {}, rules);
    expect(verdict.type).toBe(row.type);
    const { category, retryable, suggestedAction } = verdict;
    const expected = { ...defaults[row.type], ...row.verdict };
    expect({ category, retryable, suggestedAction }).toEqual(expected);
    expect(verdict.evidence[0]?.line ?? null).toBe(line);
    expect(verdict.fingerprint).toMatch(/^v1:[0-9a-f]{16}$/);
    if (row.type === "unknown") {
      expect(verdict.ruleId).toBeNull();
      expect(verdict.confidence).toBeLessThanOrEqual(0.3);
    }
  });

  it("has at least two rows for every type of the defaults table", () => {
    for (const type of Object.keys(defaults).filter((t) => t !== "cancelled" && t !== "unknown")) {
      expect(cases.filter((row) => row.type === type).length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("classify: engine", () => {
  it("does not retry a compile error because a network warning came first", () => {
    const log =
      "npm WARN fetch ECONNRESET, retrying\nadded 312 packages\nsrc/a.ts(3,1): error TS1005: ';' expected.";
    expect(classify(log, {}, rules)).toMatchObject({ type: "compilation", retryable: false });
  });

  it("keeps CRLF line numbers and strips the carriage return", () => {
    const verdict = classify("> tsc\r\nsrc/a.ts(3,1): error TS1005: ';' expected.\r\n", {}, rules);
    expect(verdict.evidence[0]).toEqual({
      line: 2,
      text: "src/a.ts(3,1): error TS1005: ';' expected.",
    });
  });

  it("redacts, clips and caps the evidence", () => {
    const secret =
      "fatal: unable to access 'https://ci:hunter2secret@git.example.com/app.git/': Could not resolve host";
    expect(classify(secret, {}, rules).evidence[0]?.text).not.toContain("hunter2secret");
    const long = classify(`src/a.ts(1,1): error TS2322: ${"x".repeat(2000)}`, {}, rules);
    expect(long.evidence[0]?.text.length).toBeLessThanOrEqual(500);
    const many = Array.from({ length: 10 }, (_, i) => `src/f${i}.c:1:1: error: bad`).join("\n");
    expect(classify(many, {}, rules).evidence).toHaveLength(3);
  });

  it("is deterministic and leaves its inputs alone", () => {
    const meta: ClassifyMeta = { branch: "main", exitCode: null };
    const first = classify("npm ERR! code E404", meta, rules);
    expect(classify("npm ERR! code E404", meta, rules)).toEqual(first);
    expect(meta).toEqual({ branch: "main", exitCode: null });
  });

  it("scans a huge log in bounded time and still reports original line numbers", () => {
    const log = `${"building module with options --foo --bar\n".repeat(300_000)}npm ERR! code ERESOLVE\n`;
    const started = performance.now();
    const verdict = classify(log, {}, rules);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(verdict.evidence[0]?.line).toBe(300_001);
  });

  it.each([
    ["compilation", { branch: "feature/x" }, "medium"],
    ["compilation", { branch: "main" }, "high"],
    ["compilation", { branch: "refs/heads/release/1.4" }, "high"],
    ["compilation", { branch: "develop", defaultBranch: "develop" }, "high"],
    ["compilation", { branch: "main", environment: "production" }, "critical"],
    ["network", { branch: "master" }, "medium"],
    ["network", { branch: "feature/x" }, "low"],
    ["cancelled", { branch: "main", environment: "production" }, "low"],
  ] as const)("severity of %s on %j is %s", (type, meta, severity) => {
    const log = { compilation: "x.c:1:1: error: y", network: "ECONNRESET", cancelled: "" }[type];
    const conclusion = type === "cancelled" ? "cancelled" : null;
    expect(classify(log, { ...meta, conclusion }, rules)).toMatchObject({ type, severity });
  });
});
