import { t } from "./classify-table.js";

/** Linters and formatters as each prints a finding (tools audit). */
// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
export const lintToolCases = [
  t`lint: TSLint prose format
ERROR: (semicolon) src/app.ts[12, 5]: Missing semicolon
=> ERROR: (quotemark) src/app.ts[14, 9]: " should be '`,
  t`lint: TSLint stylish format
src/app.ts
=> ERROR: 12:5  semicolon  Missing semicolon`,
  t`lint: isort check
=> ERROR: /src/app/main.py Imports are incorrectly sorted and/or formatted.`,
  t`lint: flake8
./app/views.py:12:80: E501 line too long (88 > 79 characters)
=> ./app/views.py:20:1: W391 blank line at end of file`,
  t`lint: pylint
************* Module app.views
=> app/views.py:12:0: C0116: Missing function or method docstring (missing-function-docstring)
------------------------------------------------------------------
Your code has been rated at 9.50/10 (previous run: 9.50/10, +0.00)`,
  t`lint: mypy
=> src/app/main.py:12: error: Incompatible types in assignment (expression has type "int", variable has type "str")  [assignment]
Found 1 error in 1 file (checked 10 source files)`,
  t`lint: mypy without error codes
=> src/app/main.py:12: error: Name 'x' is not defined
Found 1 error in 1 file (checked 10 source files)`,
  t`lint: pyright
/src/app
=>   /src/app/main.py:12:5 - error: "x" is not defined (reportUndefinedVariable)
1 error, 0 warnings, 0 informations`,
  t`lint: ruff full output (0.12+)
F401 [*] \`os\` imported but unused
=>  --> src/app/main.py:1:8
  |
1 | import os
  |        ^^
  |
help: Remove unused import: \`os\`

Found 1 error.`,
  t`lint: ruff format check
=> Would reformat: src/app/main.py
1 file would be reformatted, 12 files already formatted`,
  t`lint: RuboCop on a Rakefile with a correctable offense
Offenses:

=> Rakefile:3:1: C: [Correctable] Style/FrozenStringLiteralComment: Missing frozen string literal comment.

12 files inspected, 1 offense detected, 1 offense autocorrectable`,
  t`lint: staticcheck
main.go:12:2: this value of err is never used (SA4006)
=> main.go:20:6: func unused is unused (U1000)`,
  t`lint: golangci-lint v2
=> internal/api/handler.go:42:12: Error return value of \`w.Write\` is not checked (errcheck)
	w.Write(b)
	       ^
1 issues:
* errcheck: 1`,
  t`lint: clippy
error: this comparison involving the minimum or maximum element for this type contains a case that is always true or always false
 --> src/main.rs:3:8
  |
3 |     if x >= u8::MAX {}
  |        ^^^^^^^^^^^^
=>   = help: for further information visit https://rust-lang.github.io/rust-clippy/master/index.html#absurd_extreme_comparisons
  = note: \`#[deny(clippy::absurd_extreme_comparisons)]\` on by default
error: could not compile \`app\` (bin "app") due to 1 previous error`,
  t`lint: rustfmt check
=> Diff in /src/main.rs:1:
-fn main() { println!("hi"); }
+fn main() {
+    println!("hi");
+}`,
  t`lint: Checkstyle through Maven
[INFO] --- maven-checkstyle-plugin:3.3.1:check (validate) @ app ---
=> [ERROR] src/main/java/com/example/App.java:[12,5] (whitespace) WhitespaceAround: '=' is not preceded with whitespace.
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-checkstyle-plugin:3.3.1:check (validate) on project app: You have 1 Checkstyle violation. -> [Help 1]`,
  t`lint: Checkstyle through Gradle
> Task :checkstyleMain
=> [ant:checkstyle] [ERROR] /src/main/java/com/example/App.java:12:5: '=' is not preceded with whitespace. [WhitespaceAround]
> Task :checkstyleMain FAILED
FAILURE: Build failed with an exception.
* What went wrong:
Execution failed for task ':checkstyleMain'.
> Checkstyle rule violations were found. See the report at: file:///src/build/reports/checkstyle/main.html`,
  t`lint: Spotless through Gradle
> Task :spotlessJavaCheck FAILED
FAILURE: Build failed with an exception.
* What went wrong:
Execution failed for task ':spotlessJavaCheck'.
=> > The following files had format violations:
      src/main/java/com/example/App.java
          @@ -1,3 +1,3 @@
  Run './gradlew :spotlessApply' to fix these violations.`,
  t`lint: ktlint
/src/main/kotlin/App.kt:12:5: Unexpected spacing before ":" (standard:colon-spacing)
=> /src/main/kotlin/App.kt:20:1: Needless blank line(s) (standard:no-consecutive-blank-lines)

Summary error count (descending) by rule:
  standard:colon-spacing: 1`,
  t`lint: detekt
complexity - 20min debt
=> 	LongMethod - 75/60 - [parse] at /src/main/kotlin/Parser.kt:12:5
Overall debt: 20min
FAILURE: Build failed with an exception.
Execution failed for task ':detekt'.
> Build failed with 1 weighted issues.`,
  t`lint: detekt 1.23 console
=> /src/main/kotlin/Parser.kt:12:5: The function parse is too long (75). The maximum length is 60. [LongMethod]
> Build failed with 1 weighted issues.`,
  t`lint: scalastyle
=> error file=/src/main/scala/App.scala message=Magic Number line=12 column=5
Processed 10 file(s)
Found 1 errors`,
  t`lint: scalafmtCheck
=> [warn] /src/main/scala/App.scala isn't formatted properly!
[error] (Compile / scalafmtCheck) 1 files must be formatted`,
  t`lint: hadolint with a ShellCheck code
Dockerfile:5 SC2086 info: Double quote to prevent globbing and word splitting.
=> Dockerfile:7 DL3008 warning: Pin versions in apt get install.`,
  t`lint: yamllint standard format
.github/workflows/ci.yml
=>   12:5      error    wrong indentation: expected 6 but found 4  (indentation)
  20:81     warning  line too long (95 > 80 characters)  (line-length)`,
  t`lint: yamllint parsable format
=> .github/workflows/ci.yml:12:5: [error] wrong indentation: expected 6 but found 4 (indentation)`,
  t`lint: markdownlint-cli2
Summary: 1 error(s)
=> README.md:29:1 error MD012/no-multiple-blanks Multiple consecutive blank lines [Expected: 1; Actual: 2]`,
  t`lint: psalm
=> ERROR: UndefinedClass - src/Foo.php:12:9 - Class, interface or enum named Bar does not exist (see https://psalm.dev/019)
------------------------------
1 errors found
------------------------------`,
  t`lint: phpcs
FILE: /src/app/Foo.php
----------------------------------------------------------------------
=> FOUND 1 ERROR AFFECTING 1 LINE
----------------------------------------------------------------------
 12 | ERROR | [x] Expected 1 space after IF keyword; 0 found`,
  t`lint: php-cs-fixer dry run
Loaded config default from "/src/.php-cs-fixer.dist.php".
=>    1) src/Foo.php (braces, no_unused_imports)
Checked all files in 0.120 seconds, 14.000 MB memory used`,
  t`lint: clang-format check
=> src/parser.cpp:12:5: error: code should be clang-formatted [-Wclang-format-violations]
  int x=1;
      ^`,
  t`lint: clang-tidy warnings as errors
=> src/parser.cpp:12:10: error: use nullptr [modernize-use-nullptr,-warnings-as-errors]
  char *p = 0;
            ^
            nullptr
1 warning treated as error`,
  t`lint: cpplint
=> src/parser.cc:12:  Missing space before {  [whitespace/braces] [5]
Done processing src/parser.cc
Total errors found: 1`,
  t`lint: luacheck
Checking src/parser.lua                           1 warning

=>     src/parser.lua:12:7: (W211) unused variable 'x'

Total: 1 warning / 0 errors in 3 files`,
  t`lint: vint
=> autoload/foo.vim:12:5: Use the full option name instead of the abbreviation (see :help option-summary)`,
  t`lint: lintr
=> R/parse.R:12:5: style: [assignment_linter] Use <-, not =, for assignment.
x = 1
    ^`,
  t`lint: commitlint
⧗   input: fixed the thing
✖   subject may not be empty [subject-empty]
=> ✖   type may not be empty [type-empty]

✖   found 2 problems, 0 warnings`,
  t`lint: Android lint
=> /src/app/src/main/res/layout/main.xml:12: Error: Hardcoded string "Hello", should use @string resource [HardcodedText]
1 errors, 0 warnings
> Lint found errors in the project; aborting build.`,
  t`lint: credo
┃ Refactoring opportunities
=> ┃ [F] → Function is too complex (cyclomatic complexity is 12, max is 9).
┃       lib/app/parser.ex:12:7 #(App.Parser.parse)`,
  t`lint: eslint v9 stylish
/src/app/index.js
=>   3:7  error  'unused' is assigned a value but never used  no-unused-vars

✖ 1 problem (1 error, 0 warnings)`,
  t`lint: Biome
=> src/index.ts:3:7 lint/correctness/noUnusedVariables ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
  ✖ This variable is unused.
Checked 12 files in 20ms. No fixes applied.
Found 1 error.`,
];
