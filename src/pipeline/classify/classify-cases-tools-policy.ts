import { t } from "./classify-table.js";

/** Coverage gates, audits, "no tests" and other checks around the build (tools audit). */
// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
export const policyToolCases = [
  t`lint: pytest-cov threshold
---------- coverage: platform linux, python 3.11.6-final-0 -----------
TOTAL                          1200    180    85%
=> FAIL Required test coverage of 90% not reached. Total coverage: 85.00%
========================= 42 passed in 3.21s =========================`,
  t`lint: coverage.py fail-under
=> Coverage failure: total of 85 is less than fail-under=90`,
  t`lint: Jest coverage threshold
All files |   85.71 |    66.67 |     100 |   85.71 |
=> Jest: "global" coverage threshold for lines (90%) not met: 85.71%
Test Suites: 3 passed, 3 total`,
  t`lint: JaCoCo coverage check
[INFO] --- jacoco-maven-plugin:0.8.11:check (check) @ app ---
=> [WARNING] Rule violated for bundle app: lines covered ratio is 0.75, but expected minimum is 0.80
[ERROR] Failed to execute goal org.jacoco:jacoco-maven-plugin:0.8.11:check (check) on project app: Coverage checks have not been met. See log for details.`,
  t`lint: SpotBugs through Maven
=> [ERROR] Medium: Possible null pointer dereference of value in com.example.App.run() [com.example.App] At App.java:[line 12] NP_NULL_ON_SOME_PATH
[ERROR] Failed to execute goal com.github.spotbugs:spotbugs-maven-plugin:4.8.2.0:check (default) on project app: failed with 1 bugs and 0 errors`,
  t`lint: PMD through Maven
=> [INFO] PMD Failure: com.example.App:12 Rule:UnusedLocalVariable Priority:3 Avoid unused local variables such as 'x'..
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-pmd-plugin:3.21.2:check (default) on project app: You have 1 PMD violation. For more details see: /src/target/pmd.xml`,
  t`lint: gofmt -d
$ test -z "$(gofmt -d . | tee /dev/stderr)"
=> diff main.go.orig main.go
--- main.go.orig
+++ main.go
@@ -1,3 +1,3 @@`,
  t`lint: dialyxir
=> lib/app/parser.ex:12:no_return
Function parse/1 has no local return.
________________________________________________________________________________
done (warnings were emitted)
Halting VM with exit status 2`,
  t`lint: npm audit
$ npm audit --audit-level=high
=> # npm audit report

lodash  <4.17.21
Severity: high
fix available via \`npm audit fix\`
3 high severity vulnerabilities`,
  t`unknown: npm install's vulnerability summary is not an audit failure
added 312 packages, and audited 313 packages in 4s
3 high severity vulnerabilities
Run \`npm audit\` for details.
$ ./scripts/deploy.sh
=> Error: deployment verification did not pass`,
  t`lint: cargo audit
Crate:     time
Version:   0.1.45
=> error: 2 vulnerabilities found!`,
  t`lint: bundler-audit
Name: rack
Version: 2.2.3
=> Vulnerabilities found!`,
  t`lint: pip-audit
=> Found 2 known vulnerabilities in 1 package
Name    Version ID                  Fix Versions
------- ------- ------------------- ------------`,
  t`configuration: Jest finds no tests
=> No tests found, exiting with code 1
Run with \`--passWithNoTests\` to exit with code 0
In /src
  42 files checked.`,
  t`configuration: Mocha finds no tests
=> Error: No test files found: "test/**/*.spec.js"`,
  t`configuration: pytest collects nothing
collected 0 items

=> ============================ no tests ran in 0.01s =============================`,
  t`test_failure: doctest
**********************************************************************
=> File "/src/app/math.py", line 12, in app.math.add
Failed example:
    add(1, 2)
Expected:
    4
Got:
    3
**********************************************************************
1 items had failures:
   1 of   3 in app.math.add
***Test Failed*** 1 failures.`,
];
