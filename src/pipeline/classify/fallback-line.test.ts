import { describe, expect, it } from "vitest";
import { findFailingStep } from "./failing-step.js";
import { fallbackLine } from "./fallback-line.js";
import { prepareLog } from "./prepare-log.js";

/** The text of the line the fallback picks in `log`. */
function pick(log: string[]): string | undefined {
  const { lines } = prepareLog(log.join("\n"));
  return lines[fallbackLine(lines, findFailingStep(lines))]?.text;
}

/** A Travis CI step: the echoed command, its output, the footer with its exit code. */
const travis = (command: string, output: string[], code = 1) => [
  "$ git clone --depth=50 https://github.com/acme/app.git",
  `The command "git clone" exited with 0.`,
  `$ ${command}`,
  ...output,
  `The command "${command}" exited with ${code}.`,
];

// Each row shows one heuristic; without it the fallback would pick another line of the log.
const cases: Array<[heuristic: string, log: string[], expected: string]> = [
  [
    "an error-marked line beats an earlier line that only looks like an error",
    travis("make", [
      "checking whether the last build failed... no",
      "main.c:3:5: error: 'x' undeclared (first use in this function)",
      "main.c:9:1: error: expected ';' before '}' token",
    ]),
    "main.c:3:5: error: 'x' undeclared (first use in this function)",
  ],
  [
    "names that contain an error word (errors.md, error_codes) do not report one",
    travis("./check-links.sh", [
      "Checking docs/errors.md",
      "Checking docs/error_codes.md",
      "docs/index.md: link target /missing not found",
    ]),
    "docs/index.md: link target /missing not found",
  ],
  [
    "a zero count is not an error",
    travis("make check", ["# TOTAL: 12", "# PASS:  11", "# ERROR: 0", "FAIL: tests/parse.test"]),
    "FAIL: tests/parse.test",
  ],
  [
    "a passing test is skipped even when its name quotes an error",
    travis("pytest -v", [
      "tests/test_git.py::test_match[fatal: not a git repository] PASSED [ 50%]",
      "tests/test_git.py::test_no_match FAILED                          [100%]",
      "=================================== FAILURES ===================================",
      "    def test_no_match():",
      ">       assert match(Command('git st', ''))",
      "E       AssertionError: assert False",
    ]),
    "E       AssertionError: assert False",
  ],
  [
    "an echoed command is not its own output",
    travis("./ci.sh", [
      "+ make build",
      "+ grep -n 'error:' build.log",
      "12:src/app.c:3:5: error: 'x' undeclared",
    ]),
    "12:src/app.c:3:5: error: 'x' undeclared",
  ],
  [
    "a retry notice is not the failure",
    travis("dotnet restore", [
      "Failed to restore /build/src/App.csproj, retrying...",
      "/build/src/App.csproj : error NU1605: Detected package downgrade: Foo from 2.0 to 1.0",
    ]),
    "/build/src/App.csproj : error NU1605: Detected package downgrade: Foo from 2.0 to 1.0",
  ],
  [
    "a count of failures sums them up: the failure itself comes first",
    travis("npm run lint", [
      "/build/app/src/Header.js",
      "  28:14  error  Replace `x` with `y`  prettier/prettier",
      "",
      "✖ 1 problem (1 error, 0 warnings)",
    ]),
    "  28:14  error  Replace `x` with `y`  prettier/prettier",
  ],
  [
    "advice is not the failure",
    travis("script/fmt", [
      "Inspecting 120 files",
      "lib/excerpt.rb:158:17: C: Performance/RegexpMatch: Use match? instead of =~.",
      "120 files inspected, 1 offense detected",
      "Try running `script/fmt -a` to automatically fix errors",
    ]),
    "lib/excerpt.rb:158:17: C: Performance/RegexpMatch: Use match? instead of =~.",
  ],
  [
    "a summary met before any error stands for the line just above it",
    travis("bundle exec rake", [
      "ruby tests/yaml.rb",
      "(./docs/intro.md): did not find expected key while parsing a block mapping at line 3",
      "FAILURE!!! 1 files were unable to be parsed!",
      "rake aborted!",
      "Failed 1 tests!!",
    ]),
    "(./docs/intro.md): did not find expected key while parsing a block mapping at line 3",
  ],
  [
    "numbered failures point at their copy in the final report",
    travis("npm test", [
      "  parser",
      "    ✓ parses numbers",
      "    1) parses nested lists",
      "",
      "  1 passing (12ms)",
      "  1 failing",
      "",
      "  1) parser",
      "       parses nested lists:",
      "     AssertionError: expected [] to deeply equal [ 1 ]",
      "npm ERR! Test failed.  See above for more details.",
    ]),
    "  1) parser",
  ],
  [
    "a status after the name of what was checked is a failure marker",
    travis("R CMD check app.tar.gz", [
      "* checking for file 'app/DESCRIPTION' ... OK",
      "* checking package dependencies ... ERROR",
      "Package required but not available: 'zoo'",
      "Error: package dependencies could not be resolved",
    ]),
    "* checking package dependencies ... ERROR",
  ],
  [
    "❌ marks an error (xcpretty)",
    travis("xcodebuild test", [
      "warning: failed to read the build cache; rebuilding",
      "❌  /src/App/Foo.swift:12:5: use of unresolved identifier 'bar'",
    ]),
    "❌  /src/App/Foo.swift:12:5: use of unresolved identifier 'bar'",
  ],
  [
    "a diagnostic with a file location when no line says error",
    travis("swiftlint", [
      "Linting 'A.swift' (1/3)",
      "/src/A.swift:12:5: warning: Line Length Violation: Line should be 120 characters or less",
      "Linting 'B.swift' (2/3)",
      "Linting 'C.swift' (3/3)",
      "Done linting! Found 1 violation in 3 files.",
    ]),
    "/src/A.swift:12:5: warning: Line Length Violation: Line should be 120 characters or less",
  ],
  [
    "with no error word at all, the last block before the trailers (advice, yarn's wrapper)",
    travis("yarn test", [
      "[05:26:24] Finished 'build' after 3.15 s",
      "",
      "  Package size limit has exceeded by 934 B",
      "  Package size: 103.91 KB",
      "  Size limit:   103 KB",
      "",
      '  Try to reduce size or increase limit in "size-limit" section of package.json',
      "error Command failed with exit code 3.",
    ]),
    "  Package size limit has exceeded by 934 B",
  ],
  [
    "the last block starts after the last command echoed in it",
    travis("./ci.sh", [
      "Building bundle.js",
      "Done in 3.2 s",
      "+ ./size-check",
      "bundle.js: 110.61 KB is over the 110 KB budget",
    ]),
    "bundle.js: 110.61 KB is over the 110 KB budget",
  ],
  [
    "in the last block, the line that says what went wrong in plain words",
    travis("docker run winghc cabal update", [
      "Status: Downloaded newer image for winghc:latest",
      "Writing default configuration to /root/.cabal/config",
      "Downloading the latest package list from hackage.haskell.org",
      "cabal.exe: Couldn't establish HTTP connection. Possible cause: HTTP proxy",
    ]),
    "cabal.exe: Couldn't establish HTTP connection. Possible cause: HTTP proxy",
  ],
  [
    "a Python traceback stands for the exception that ends it",
    travis("python setup.py test", [
      "running test",
      "Traceback (most recent call last):",
      '  File "setup.py", line 3, in <module>',
      "    import numpy",
      "ModuleNotFoundError: No module named 'numpy'",
    ]),
    "ModuleNotFoundError: No module named 'numpy'",
  ],
  [
    "without steps, the last error of the log (its traceback's exception)",
    [
      "error: could not lock config file, retrying later",
      "Running test_ops 1/1",
      "Traceback (most recent call last):",
      '  File "test/run_test.py", line 12, in <module>',
      "    time.sleep(60)",
      "KeyboardInterrupt",
    ],
    "KeyboardInterrupt",
  ],
  [
    "a cancelled step points at its cancellation",
    [
      "##[group]Run ./test.sh",
      "./test.sh",
      "shell: /usr/bin/bash -e {0}",
      "##[endgroup]",
      "Running 12 tests",
      "##[error]The operation was canceled.",
    ],
    "##[error]The operation was canceled.",
  ],
  [
    "a step cut off by the end of the log: the log's last error, not the step's last output",
    [
      "$ ./deploy.sh --dry-run",
      "error: upstream rejected the push",
      'The command "./deploy.sh --dry-run" exited with 0.',
      "$ ./test.sh",
      "Running 12 tests",
    ],
    "error: upstream rejected the push",
  ],
];

describe("fallbackLine", () => {
  it.each(cases)("%s", (_heuristic, log, expected) => {
    expect(pick(log)).toBe(expected);
  });

  it("stays linear on very long lines (progress bars, minified output)", () => {
    const long = [".".repeat(200_000), `a.${"b.".repeat(50_000)}c`, " ".repeat(100_000)];
    const started = performance.now();
    expect(pick(travis("npm test", [...long, "error: boom"]))).toBe("error: boom");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("returns -1 for an empty log", () => {
    expect(fallbackLine([], null)).toBe(-1);
  });
});
