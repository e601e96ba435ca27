import { outcome, t } from "./classify-table.js";

const runnerLacks = { verdict: outcome("persistent", false, "fix_config") };
const cacheCorrupt = { verdict: outcome("transient", true, "clear_cache") };
const persistentInstall = { verdict: outcome("persistent", false, "fix_code") };

/** Package managers as each prints a resolution or install error (tools audit). */
// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
export const depsToolCases = [
  t`dependency_install: npm 10 ERESOLVE
=> npm error code ERESOLVE
npm error ERESOLVE unable to resolve dependency tree
npm error
npm error While resolving: app@1.0.0
npm error Found: react@18.2.0`,
  t`dependency_install: npm 404
npm ERR! code E404
npm ERR! 404 Not Found - GET https://registry.npmjs.org/left-padd - Not found
=> npm ERR! 404  'left-padd@^1.0.0' is not in this registry.`,
  t`dependency_install: npm native addon build ${runnerLacks}
npm ERR! gyp info spawn args [ 'BUILDTYPE=Release', '-C', 'build' ]
=> npm ERR! gyp ERR! build error 
npm ERR! gyp ERR! stack Error: \`make\` failed with exit code: 2
npm ERR! code 1
npm ERR! path /src/node_modules/node-sass`,
  t`dependency_install: pnpm frozen lockfile
=>  ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with "frozen-lockfile" because pnpm-lock.yaml is not up to date with <ROOT>/package.json`,
  t`dependency_install: yarn classic frozen lockfile
yarn install v1.22.19
[1/4] Resolving packages...
=> error Your lockfile needs to be updated, but yarn was run with \`--frozen-lockfile\`.
info Visit https://yarnpkg.com/en/docs/cli/install for documentation about this command.`,
  t`dependency_install: Yarn berry lockfile would change
➤ YN0000: ┌ Resolution step
=> ➤ YN0028: │ The lockfile would have been modified by this install, which is explicitly forbidden.
➤ YN0000: └ Completed in 0s 237ms`,
  t`dependency_install: Yarn berry build script failed ${runnerLacks}
➤ YN0000: ┌ Link step
=> ➤ YN0009: │ sharp@npm:0.32.6 couldn't be built successfully (exit code 1, logs can be found here: /tmp/xfs-1a2b3c4d/build.log)
➤ YN0000: └ Completed in 12s`,
  t`dependency_install: pip cannot find a version
ERROR: Could not find a version that satisfies the requirement torch==9.9.9 (from versions: 2.0.0, 2.1.0)
=> ERROR: No matching distribution found for torch==9.9.9`,
  t`dependency_install: pip build backend failed ${runnerLacks}
  Getting requirements to build wheel: started
  error: subprocess-exited-with-error
  
=>   × Getting requirements to build wheel did not run successfully.
  │ exit code: 1
  ╰─> [18 lines of output]
  note: This error originates from a subprocess, and is likely not a problem with pip.`,
  t`dependency_install: legacy pip setup.py failure ${runnerLacks}
=> ERROR: Command errored out with exit status 1: python setup.py egg_info Check the logs for full command output.`,
  t`dependency_install: Poetry lock file out of date
Installing dependencies from lock file
=> pyproject.toml changed significantly since poetry.lock was last generated. Run \`poetry lock [--no-update]\` to fix the lock file.`,
  t`dependency_install: Poetry solver
Updating dependencies
Resolving dependencies...
=> Because app depends on requests (^9.0) which doesn't match any versions, version solving failed.`,
  t`dependency_install: uv resolution
=>   × No solution found when resolving dependencies:
  ╰─▶ Because there is no version of requests==9.9 and your project depends on requests==9.9, we can conclude that your project's requirements are unsatisfiable.`,
  t`dependency_install: uv --locked
Resolved 42 packages in 12ms
=> error: The lockfile at \`uv.lock\` needs to be updated, but \`--locked\` was provided. To update the lockfile, run \`uv lock\`.`,
  t`dependency_install: uv build failure ${runnerLacks}
=>   × Failed to build \`psycopg2==2.9.9\`
  ├─▶ The build backend returned an error
  ╰─▶ Call to \`setuptools.build_meta.build_wheel\` failed (exit status: 1)`,
  t`dependency_install: Maven artifact missing
=> [ERROR] Failed to execute goal on project app: Could not resolve dependencies for project com.example:app:jar:1.0: Could not find artifact com.example:lib:jar:9.9 in central (https://repo.maven.apache.org/maven2) -> [Help 1]`,
  t`dependency_install: Maven parent POM missing
[ERROR] [ERROR] Some problems were encountered while processing the POMs:
=> [FATAL] Non-resolvable parent POM for com.example:app:1.0: Could not find artifact com.example:parent:pom:9.9 in central (https://repo.maven.apache.org/maven2) and 'parent.relativePath' points at wrong local POM @ line 5, column 11`,
  t`dependency_install: Maven plugin missing
=> [ERROR] Plugin org.example:missing-maven-plugin:9.9 or one of its dependencies could not be resolved: Could not find artifact org.example:missing-maven-plugin:jar:9.9 in central (https://repo.maven.apache.org/maven2) -> [Help 1]`,
  t`dependency_install: Gradle dependency missing
* What went wrong:
Execution failed for task ':app:compileJava'.
> Could not resolve all files for configuration ':app:compileClasspath'.
=>    > Could not find com.example:lib:9.9.
     Required by:
         project :app`,
  t`dependency_install: Gradle plugin missing
* What went wrong:
=> Plugin [id: 'com.example.missing', version: '9.9'] was not found in any of the following sources:
- Gradle Core Plugins (plugin is not in 'org.gradle' namespace)`,
  t`dependency_install: Go module not required
=> main.go:5:2: no required module provides package github.com/example/missing; to add it:
	go get github.com/example/missing`,
  t`dependency_install: go.mod needs tidy
=> go: updates to go.mod needed; to update it:
	go mod tidy`,
  t`dependency_install: Go GOPATH package missing
=> main.go:5:2: cannot find package "github.com/example/missing" in any of:
	/usr/local/go/src/github.com/example/missing (from $GOROOT)
	/home/travis/gopath/src/github.com/example/missing (from $GOPATH)`,
  t`dependency_install: Go module version missing
=> go: github.com/example/lib@v9.9.9: reading https://proxy.golang.org/github.com/example/lib/@v/v9.9.9.mod: 404 Not Found
	server response: not found: github.com/example/lib@v9.9.9: invalid version: unknown revision v9.9.9`,
  t`dependency_install: Cargo version missing
    Updating crates.io index
=> error: failed to select a version for the requirement \`serde = "^9.9"\`
candidate versions found which didn't match: 1.0.193, 1.0.192`,
  t`dependency_install: Cargo --locked
=> error: the lock file /src/Cargo.lock needs to be updated but --locked was passed to prevent this
If you want to try to generate the lock file without accessing the network, remove the --locked flag and use --offline instead.`,
  t`dependency_install: Bundler gem version missing
Fetching gem metadata from https://rubygems.org/.........
=> Could not find nokogiri-9.9.9 in any of the sources`,
  t`dependency_install: Bundler native extension ${runnerLacks}
Gem::Ext::BuildError: ERROR: Failed to build gem native extension.
    current directory: /home/runner/vendor/bundle/ruby/3.2.0/gems/pg-1.5.4/ext
=> An error occurred while installing pg (1.5.4), and Bundler cannot continue.`,
  t`dependency_install: Bundler deployment mode
=> You are trying to install in deployment mode after changing your Gemfile. Run \`bundle install\` elsewhere and add the updated Gemfile.lock to version control.`,
  t`dependency_install: NuGet package missing
=> /src/App.csproj : error NU1101: Unable to find package Example.Missing. No packages exist with this id in source(s): nuget.org
  Failed to restore /src/App.csproj (in 1.2 sec).`,
  t`dependency_install: NuGet package incompatible
=> /src/App.csproj : error NU1202: Package Example.Lib 9.0.0 is not compatible with net6.0 (.NETCoreApp,Version=v6.0). Package Example.Lib 9.0.0 supports: net8.0 (.NETCoreApp,Version=v8.0)`,
  t`dependency_install: NuGet locked mode
=> /src/App.csproj : error NU1004: The package references have changed for net8.0. Lock file's package references: Example.Lib:[1.0.0, ), project's package references: Example.Lib:[2.0.0, ). The packages lock file is inconsistent with the project dependencies so restore can't be run in locked mode.`,
  t`dependency_install: Composer lock file incompatible
Installing dependencies from lock file (including require-dev)
Verifying lock file contents can be installed on current platform.
=> Your lock file does not contain a compatible set of packages. Please run composer update.

  Problem 1
    - example/lib is locked to version 9.9.9 and an update of this package was not requested.`,
  t`dependency_install: Mix dependencies not fetched
Unchecked dependencies for environment test:
* jason (Hex package)
=>   the dependency is not available, run "mix deps.get"
** (Mix) Can't continue due to errors on dependencies`,
  t`dependency_install: Hex resolution
Resolving Hex dependencies...
** (Mix) Hex dependency resolution failed
=> Failed to use "plug" (version 9.9.0) because`,
  t`dependency_install: Dart pub
Resolving dependencies...
=> Because app depends on http ^9.0.0 which doesn't match any versions, version solving failed.`,
  t`dependency_install: actions/cache archive with a corrupted zstd block ${cacheCorrupt}
Received 327155712 of 327155712 (100.0%), 104.0 MBs/sec
Cache Size: ~312 MB (327155712 B)
/usr/bin/tar -xf /home/runner/work/_temp/5c7e1a2b-9d3f-4e0a-8b1c-2f6d7e8a9b0c/cache.tzst -P -C /home/runner/work/app/app --use-compress-program unzstd
/*stdin*\\ : Decoding error (36) : Corrupted block detected 
/usr/bin/tar: Unexpected EOF in archive
/usr/bin/tar: Unexpected EOF in archive
/usr/bin/tar: Error is not recoverable: exiting now
=> ##[error]"/usr/bin/tar" failed with error: The process '/usr/bin/tar' failed with exit code 2`,
  t`dependency_install: Windows cache restore cut short ${cacheCorrupt}
Cache Size: ~48 MB (50331648 B)
"C:\\Program Files\\Git\\usr\\bin\\tar.exe" -xf D:/a/_temp/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e/cache.tzst -P -C D:/a/app/app --force-local --use-compress-program "zstd -d"
/*stdin*\\ : Read error (39) : premature end 
=> Warning: Failed to restore: "C:\\Program failed with error: The process 'C:\\Program Files\\Git\\usr\\bin\\tar.exe' failed with exit code 2`,
  t`dependency_install: a cache archive zstd cannot read ${cacheCorrupt}
$ zstd -d -c /cache/deps-linux-3f2a9c.tar.zst | tar -x -C "$HOME"
=> /cache/deps-linux-3f2a9c.tar.zst : Decoding error (36) : Unknown frame descriptor 
tar: This does not look like a tar archive
tar: Exiting with failure status due to previous errors
The command "zstd -d -c /cache/deps-linux-3f2a9c.tar.zst | tar -x -C "$HOME"" exited with 2.`,
  t`dependency_install: gzip cache archive truncated, tar run by the action ${cacheCorrupt}
/usr/bin/tar -xz -f /home/runner/work/_temp/3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f/cache.tgz -P -C /home/runner/work/app/app
gzip: stdin: unexpected end of file
=> /usr/bin/tar: Unexpected EOF in archive
/usr/bin/tar: Error is not recoverable: exiting now
##[error]The process '/usr/bin/tar' failed with exit code 2`,
  t`unknown: a truncated download piped into tar is not a cache
$ curl -sSL https://example.com/releases/tool-1.2.3-linux-amd64.tar.gz | tar -xz -C "$HOME/bin"
gzip: stdin: unexpected end of file
tar: Unexpected EOF in archive
=> tar: Error is not recoverable: exiting now
The command "curl -sSL https://example.com/releases/tool-1.2.3-linux-amd64.tar.gz | tar -xz -C "$HOME/bin"" exited with 2.`,
  t`unknown: tar of a build's own files is not a cache
$ make dist
/usr/bin/git archive --format=tar HEAD -- src/version.cpp | tar -C app-1.0 -xf -
=> fatal: current working directory is untracked
tar: This does not look like a tar archive
tar: Exiting with failure status due to previous errors
The command "make dist" exited with 2.`,
  t`dependency_install: listing a healthy cache archive, then npm fails ${persistentInstall}
/usr/bin/tar -tf /home/runner/work/_temp/9a8b7c6d/cache.tzst -P --use-compress-program unzstd
../../../.npm/_cacache/index-v5/00/1a/2b3c4d5e6f
../../../.npm/_cacache/content-v2/sha512/ab/cd/ef0123456789
Cache restored successfully
npm ERR! code E404
npm ERR! 404 Not Found - GET https://registry.npmjs.org/left-padd - Not found
=> npm ERR! 404  'left-padd@^1.0.0' is not in this registry.`,
  t`configuration: pip requirements file missing
=> ERROR: Could not open requirements file: [Errno 2] No such file or directory: 'requirements-dev.txt'`,
  t`configuration: npm without package.json
npm error code ENOENT
npm error syscall open
npm error path /home/runner/work/app/app/package.json
npm error errno -2
=> npm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '/home/runner/work/app/app/package.json'`,
  t`configuration: Yarn engine check
=> error app@1.0.0: The engine "node" is incompatible with this module. Expected version ">=20". Got "18.19.0"
error Found incompatible module.`,
  t`configuration: pip package needs another Python
=> ERROR: Package 'app' requires a different Python: 3.8.18 not in '>=3.10'`,
  t`configuration: Cargo needs a newer rustc
=> error: package \`clap_lex v0.7.0\` cannot be built because it requires rustc 1.74 or newer, while the currently active rustc version is 1.70.0`,
  t`configuration: Go toolchain too old
=> go: go.mod requires go >= 1.22 (running go 1.21.5; GOTOOLCHAIN=local)`,
  t`configuration: Bundler Ruby version
=> Your Ruby version is 3.1.4, but your Gemfile specified 3.2.2`,
  t`configuration: Composer PHP version
Your requirements could not be resolved to an installable set of packages.
  Problem 1
=>     - Root composer.json requires php ^8.2 but your php version (8.1.27) does not satisfy that requirement.`,
  t`dependency_install: Python 2 import error
Traceback (most recent call last):
  File "setup.py", line 3, in <module>
    import yaml
=> ImportError: No module named yaml`,
  t`dependency_install: Node ES module package missing
node:internal/errors:496
    ErrorCaptureStackTrace(err);
    ^

=> Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'chalk' imported from /src/scripts/build.mjs
Node.js v20.10.0`,
  t`configuration: Makefile syntax
$ make test
=> Makefile:12: *** missing separator.  Stop.`,
  t`configuration: Node asked to run TypeScript as is
=> TypeError [ERR_UNKNOWN_FILE_EXTENSION]: Unknown file extension ".ts" for /src/scripts/build.ts
    at new NodeError (node:internal/errors:405:5)`,
];
