import { outcome, t } from "./classify-table.js";

const runnerLacks = { verdict: outcome("persistent", false, "fix_config") };

/** Compilers and build tools as each prints an error (tools audit). */
// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
export const buildToolCases = [
  t`compilation: tsc pretty format
> tsc --noEmit
=> src/index.ts:3:7 - error TS2322: Type 'string' is not assignable to type 'number'.

3 const x: number = "a";
        ~
Found 1 error in src/index.ts:3`,
  t`compilation: Babel syntax error
=> SyntaxError: /src/app/index.js: Unexpected token (12:5)
  10 | function f() {
> 12 |   return {;
     |           ^`,
  t`compilation: webpack cannot parse a module
=> ERROR in ./src/index.js 12:5
Module parse failed: Unexpected token (12:5)
You may need an appropriate loader to handle this file type.
webpack 5.89.0 compiled with 1 error in 1203 ms`,
  t`compilation: fork-ts-checker under webpack
=> ERROR in src/index.ts:3:7
TS2322: Type 'string' is not assignable to type 'number'.
    1 | const x: number = "a";
webpack compiled with 1 error`,
  t`compilation: Rollup
src/index.js → dist/bundle.js...
=> [!] RollupError: Could not resolve "./missing" from "src/index.js"
src/index.js
    at error (/src/node_modules/rollup/dist/shared/rollup.js:206:30)`,
  t`compilation: Vite with esbuild transform error
vite v5.0.0 building for production...
[vite:esbuild] Transform failed with 1 error:
=> /src/main.ts:3:7: ERROR: Expected ";" but found "x"
error during build:
Error: Transform failed with 1 error:`,
  t`compilation: esbuild
=> ✘ [ERROR] Could not resolve "left-pad"

    src/index.ts:1:20:
      1 │ import leftPad from "left-pad";
1 error`,
  t`compilation: javac through Maven
[INFO] --- maven-compiler-plugin:3.11.0:compile (default-compile) @ app ---
[ERROR] COMPILATION ERROR : 
=> [ERROR] /src/main/java/com/example/App.java:[12,9] cannot find symbol
  symbol:   variable foo
[INFO] BUILD FAILURE`,
  t`compilation: javac through Gradle
> Task :compileJava
=> /src/main/java/com/example/App.java:12: error: cannot find symbol
        foo();
        ^
1 error
> Task :compileJava FAILED`,
  t`compilation: Kotlin through Gradle
> Task :compileKotlin FAILED
=> e: file:///src/main/kotlin/App.kt:12:5 Unresolved reference: foo
FAILURE: Build failed with an exception.`,
  t`compilation: Kotlin K2 compiler
=> src/main/kotlin/App.kt:12:5: error: unresolved reference 'foo'.
    foo()
    ^^^`,
  t`compilation: Scala 3 in sbt
[info] compiling 3 Scala sources to /src/target/scala-3.3.1/classes ...
=> [error] -- [E006] Not Found Error: /src/main/scala/App.scala:12:4 ----------------
[error] 12 |    foo()
[error]    |    ^^^
[error]    |    Not found: foo
[error] one error found`,
  t`compilation: scalac without a column
=> /src/main/scala/App.scala:12: error: not found: value foo
    foo()
    ^
one error found`,
  t`compilation: gcc
=> src/parser.c:12:5: error: 'foo' undeclared (first use in this function)
   12 |     foo = 1;
      |     ^~~
make: *** [Makefile:10: src/parser.o] Error 1`,
  t`compilation: MSVC
C:\\src\\parser.cpp(12): error C2065: 'foo': undeclared identifier
=> C:\\src\\parser.cpp(14,5): error C2660: 'bar': function does not take 2 arguments`,
  t`compilation: rustc
   Compiling app v0.1.0 (/src)
=> error[E0425]: cannot find value \`foo\` in this scope
 --> src/main.rs:3:5
error: could not compile \`app\` (bin "app") due to 1 previous error`,
  t`compilation: go build
# example.com/app
=> ./main.go:12:2: undefined: foo`,
  t`compilation: dotnet build
=> /src/Program.cs(12,5): error CS0103: The name 'foo' does not exist in the current context [/src/App.csproj]
Build FAILED.
    0 Warning(s)
    1 Error(s)`,
  t`compilation: swiftc
=> /src/Sources/App/main.swift:12:5: error: cannot find 'foo' in scope
    foo()
    ^~~
error: fatalError`,
  t`compilation: Elm
=> -- TYPE MISMATCH ------------------------------------------------ src/Main.elm

The 1st argument to \`text\` is not what I expect:
Detected problems in 1 module.`,
  t`compilation: ninja names the object, gcc names the error
[3/10] Building CXX object src/CMakeFiles/app.dir/parser.cpp.o
FAILED: src/CMakeFiles/app.dir/parser.cpp.o 
/usr/bin/c++ -O2 -c /src/parser.cpp
=> /src/parser.cpp:12:5: error: 'foo' was not declared in this scope
ninja: build stopped: subcommand failed.`,
  t`compilation: Bazel compile action
=> src/main.cc:12:5: error: use of undeclared identifier 'foo'
ERROR: /src/BUILD:3:10: Compiling src/main.cc failed: (Exit 1): gcc failed: error executing command
Target //src:main failed to build
ERROR: Build did NOT complete successfully`,
  t`configuration: Bazel target does not exist
ERROR: Skipping '//src:mian': no such target '//src:mian': target 'mian' not declared in package 'src' defined by /src/src/BUILD
=> ERROR: no such target '//src:mian': target 'mian' not declared in package 'src'
INFO: Elapsed time: 0.1s`,
  t`test_failure: Bazel test
=> //src:parser_test                                                        FAILED in 0.5s
  /root/.cache/bazel/_bazel_root/execroot/__main__/bazel-out/k8-fastbuild/testlogs/src/parser_test/test.log
Executed 1 out of 1 test: 1 fails locally.`,
  t`dependency_install: CMake cannot find a library the runner lacks ${runnerLacks}
-- Could NOT find OpenSSL, try to set the path to OpenSSL root folder in the system variable OPENSSL_ROOT_DIR (missing: OPENSSL_CRYPTO_LIBRARY OPENSSL_INCLUDE_DIR)
CMake Error at /usr/share/cmake-3.22/Modules/FindPackageHandleStandardArgs.cmake:230 (message):
=>   Could NOT find OpenSSL, try to set the path to OpenSSL root folder in the
  system variable OPENSSL_ROOT_DIR (missing: OPENSSL_CRYPTO_LIBRARY
  OPENSSL_INCLUDE_DIR)
-- Configuring incomplete, errors occurred!`,
  t`dependency_install: CMake package config missing ${runnerLacks}
=> CMake Error at CMakeLists.txt:12 (find_package):
  By not providing "Findfmt.cmake" in CMAKE_MODULE_PATH this project has
  asked CMake to find a package configuration file provided by "fmt", but
  CMake did not find one.
  Could not find a package configuration file provided by "fmt" with any of
  the following names:
-- Configuring incomplete, errors occurred!`,
  t`configuration: CMake too old
CMake Error at CMakeLists.txt:1 (cmake_minimum_required):
=>   CMake 3.25 or higher is required.  You are running version 3.22.1
-- Configuring incomplete, errors occurred!`,
  t`configuration: Maven compiler on an older JDK
[INFO] --- maven-compiler-plugin:3.11.0:compile (default-compile) @ app ---
=> [ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.11.0:compile (default-compile) on project app: Fatal error compiling: error: release version 21 not supported -> [Help 1]`,
  t`configuration: class file from a newer JDK
=> Exception in thread "main" java.lang.UnsupportedClassVersionError: com/example/Main has been compiled by a more recent version of the Java Runtime (class file version 65.0), this version of the Java Runtime only recognizes class file versions up to 55.0
	at java.base/java.lang.ClassLoader.defineClass1(Native Method)`,
  t`configuration: Android Gradle plugin needs a newer Java
* What went wrong:
An exception occurred applying plugin request [id: 'com.android.application']
> Failed to apply plugin 'com.android.internal.application'.
=>    > Android Gradle plugin requires Java 17 to run. You are currently using Java 11.`,
  t`configuration: Gradle build script error
* What went wrong:
A problem occurred evaluating project ':app'.
=> > Could not find method compile() for arguments [com.example:lib:1.0] on object of type org.gradle.api.internal.artifacts.dsl.dependencies.DefaultDependencyHandler.`,
  t`configuration: .NET SDK too old for the target
=> /usr/share/dotnet/sdk/6.0.400/Sdks/Microsoft.NET.Sdk/targets/Microsoft.NET.TargetFrameworkInference.targets(144,5): error NETSDK1045: The current .NET SDK does not support targeting .NET 8.0.  Either target .NET 6.0 or lower, or use a version of the .NET SDK that supports .NET 8.0. [/src/App.csproj]`,
  t`configuration: MSBuild finds no project
=> MSBUILD : error MSB1003: Specify a project or solution file. The current working directory does not contain a project or solution file.`,
];
