import { type Case, outcome, t } from "./classify-table.js";

/** Rows for lint, content checks, configuration and the rest. */
// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
export const checkCases: Case[] = [
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
=> container_linux.go:265: starting container process caused "exec: \"-c\": executable file not found in $PATH"
docker: Error response from daemon: oci runtime error: container_linux.go:265: starting container process caused "exec: \"-c\": executable file not found in $PATH".`,
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
