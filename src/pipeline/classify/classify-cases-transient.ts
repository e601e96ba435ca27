import { type Case, outcome, t } from "./classify-table.js";

const transient = outcome("transient", true, "retry");
/** A certificate or TLS-version refusal: network, but it fails the same way on every run. */
const badCertificate = outcome("configuration", false, "fix_config");

/**
 * Rows added by the transient audit: what package managers, CI runners and tools print when the
 * network, a registry, a mirror or a runner flakes, and the persistent look-alikes (a 4xx, a bad
 * certificate, localhost refusing) that must not be retried.
 */
// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
export const transientCases: Case[] = [
  t`network: yarn gives up after its network retries ${{ gha: true }}
##[group]Run yarn install --frozen-lockfile
[1/4] Resolving packages...
[2/4] Fetching packages...
info There appears to be trouble with your network connection. Retrying...
info There appears to be trouble with your network connection. Retrying...
=> error An unexpected error occurred: "https://registry.yarnpkg.com/rxjs/-/rxjs-6.6.7.tgz: ESOCKETTIMEDOUT".
info If you think this is a bug, please open a bug report with the information provided in "/home/runner/work/app/app/yarn-error.log".
info Visit https://yarnpkg.com/en/docs/cli/install for documentation about this command.
##[error]Process completed with exit code 1.`,
  t`network: yarn registry 503
[1/4] Resolving packages...
=> error An unexpected error occurred: "https://registry.yarnpkg.com/react: Request failed \\"503 Service Unavailable\\"".
info If you think this is a bug, please open a bug report with the information provided in "/home/travis/build/acme/app/yarn-error.log".`,
  t`dependency_install: yarn 404 is a missing package, not a flake
[1/4] Resolving packages...
=> error An unexpected error occurred: "https://registry.yarnpkg.com/@acme%2fmissing-widget: Request failed \\"404 Not Found\\"".
info If you think this is a bug, please open a bug report with the information provided in "/home/travis/build/acme/app/yarn-error.log".`,
  t`network: npm socket timeout
npm ERR! code ERR_SOCKET_TIMEOUT
=> npm ERR! network Invalid response body while trying to fetch https://registry.npmjs.org/scheduler: Socket timeout
npm ERR! network This is a problem related to network connectivity.`,
  t`network: pip exhausted its retries; "from versions: none" is the consequence
Collecting requests==2.31.0
WARNING: Retrying (Retry(total=1, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f3b1c2d5e80>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/requests/
=> WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f3b1c2d6a10>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/requests/
ERROR: Could not find a version that satisfies the requirement requests==2.31.0 (from versions: none)
ERROR: No matching distribution found for requests==2.31.0`,
  t`dependency_install: pip "from versions: none" without network trouble
Collecting acme-internal-sdk==1.4.0
ERROR: Could not find a version that satisfies the requirement acme-internal-sdk==1.4.0 (from versions: none)
=> ERROR: No matching distribution found for acme-internal-sdk==1.4.0`,
  t`network: pip read timeout while downloading a wheel
  Downloading torch-2.2.0-cp311-cp311-manylinux1_x86_64.whl (755.5 MB)
ERROR: Exception:
Traceback (most recent call last):
  File "/opt/hostedtoolcache/Python/3.11.9/x64/lib/python3.11/site-packages/pip/_vendor/urllib3/response.py", line 438, in _error_catcher
    yield
=> pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='files.pythonhosted.org', port=443): Read timed out.`,
  t`network: pip HTTP 503 from the package CDN
Collecting numpy==1.26.4 (from -r requirements.txt (line 3))
ERROR: HTTP error 503 while getting https://files.pythonhosted.org/packages/4b/d7/numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (from https://pypi.org/simple/numpy/) (requires-python:>=3.9)
=> ERROR: Could not install requirement numpy==1.26.4 from https://files.pythonhosted.org/packages/4b/d7/numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (from -r requirements.txt (line 3)) because of HTTP error 503 Server Error: Service Unavailable for url: https://files.pythonhosted.org/packages/4b/d7/numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl for URL https://files.pythonhosted.org/packages/4b/d7/numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`,
  t`network: pip certificate failure is not retried ${{ verdict: badCertificate }}
WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)'))': /simple/flask/
=> Could not fetch URL https://pypi.org/simple/flask/: There was a problem confirming the ssl certificate: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded with url: /simple/flask/ (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)'))) - skipping`,
  t`network: conda cannot reach the channel
Collecting package metadata (current_repodata.json): failed

=> CondaHTTPError: HTTP 000 CONNECTION FAILED for url <https://conda.anaconda.org/conda-forge/linux-64/current_repodata.json>
Elapsed: -

An HTTP error occurred when trying to retrieve this URL.
HTTP errors are often intermittent, and a simple retry will get you on your way.`,
  t`network: Composer 1 transport exception with a 502
  [Composer\\Downloader\\TransportException]
=>   The "https://repo.packagist.org/p/provider-2019-07%24c1b7c2e6cf5b5e0cb7a7d9f52a0f0a5c.json" file could not be downloaded (HTTP/1.1 502 Bad Gateway)`,
  t`network: Composer 2 curl timeout
In CurlDownloader.php line 390:

=>   curl error 28 while downloading https://repo.packagist.org/p2/laravel/framework.json: Operation timed out after 300000 milliseconds with 0 out of 0 bytes received`,
  t`network: Bundler download reset after its own retries
Fetching gem metadata from https://rubygems.org/.........
Retrying download gem from https://rubygems.org/ due to error (2/4): Gem::RemoteFetcher::FetchError Errno::ECONNRESET: Connection reset by peer - SSL_connect (https://rubygems.org/gems/nokogiri-1.16.2-x86_64-linux.gem)
=> Gem::RemoteFetcher::FetchError: Errno::ECONNRESET: Connection reset by peer - SSL_connect (https://rubygems.org/gems/nokogiri-1.16.2-x86_64-linux.gem)
An error occurred while installing nokogiri (1.16.2), and Bundler cannot continue.`,
  t`network: RubyGems answers 503
$ gem install bundler -v 2.4.22
ERROR:  While executing gem ... (Gem::RemoteFetcher::FetchError)
=>     bad response Service Unavailable 503 (https://rubygems.org/specs.4.8.gz)
The command "gem install bundler -v 2.4.22" failed and exited with 2 during .`,
  t`unknown: RubyGems 404 is not a flake
ERROR:  Could not find a valid gem 'nokogiri' (= 9.9.9), here is why:
=> ERROR:  While executing gem ... (Gem::RemoteFetcher::FetchError)
    bad response Not Found 404 (https://rubygems.org/gems/nokogiri-9.9.9.gem)`,
  t`rate_limit: Composer hits the GitHub API limit
  - Installing symfony/console (v4.1.4): Downloading (failed)
=> Could not fetch https://api.github.com/repos/symfony/console/zipball/ca80b8ced97cf07390078b29773dc384c39eee1f, please create a GitHub OAuth token to go over the API rate limit`,
  t`network: Bundler cannot reach the gem server
Fetching source index from https://rubygems.org/
=> Could not reach host index.rubygems.org. Check your network connection and try again.`,
  t`network: yarn registry answers garbage
[1/4] Resolving packages...
=> error Received malformed response from registry for "webpack". The registry may be down.`,
  t`network: npm 3 truncated tarball
npm WARN retry will retry, error on last attempt: Error: socket hang up
=> npm ERR! shasum check failed for /tmp/npm-4561-8b1a3c2e/registry.npmjs.org/lodash/-/lodash-4.17.11.tgz
npm ERR! Expected: 6ac0a7f3dd5a7d0b2d7ec3d3bbf1d0e9a6c3a4b5`,
  t`network: NuGet service index over a TLS drop
  Restoring packages for /home/runner/work/app/app/src/App/App.csproj...
=> /usr/share/dotnet/sdk/2.1.403/NuGet.targets(114,5): error : Unable to load the service index for source https://api.nuget.org/v3/index.json. [/home/runner/work/app/app/App.sln]
/usr/share/dotnet/sdk/2.1.403/NuGet.targets(114,5): error :   The SSL connection could not be established, see inner exception. [/home/runner/work/app/app/App.sln]`,
  t`auth_permissions: a private NuGet feed refusing credentials is not a flake
/usr/share/dotnet/sdk/8.0.101/NuGet.targets(156,5): error : Unable to load the service index for source https://pkgs.dev.azure.com/acme/_packaging/internal/nuget/v3/index.json. [/home/runner/work/app/app/App.sln]
=> /usr/share/dotnet/sdk/8.0.101/NuGet.targets(156,5): error :   Response status code does not indicate success: 401 (Unauthorized). [/home/runner/work/app/app/App.sln]`,
  t`dependency_install: Cake bootstrapper could not install Cake ${{ verdict: transient }}
$ ./build.sh --verbosity=minimal
Installing .NET CLI...
=> An error occured while installing Cake.
The command "./build.sh --verbosity=minimal" exited with 1.`,
  t`network: Gradle cannot connect to Maven Central
> Could not resolve all files for configuration ':app:debugRuntimeClasspath'.
   > Could not resolve com.google.code.gson:gson:2.10.1.
      > Could not get resource 'https://repo.maven.apache.org/maven2/com/google/code/gson/gson/2.10.1/gson-2.10.1.pom'.
         > Could not GET 'https://repo.maven.apache.org/maven2/com/google/code/gson/gson/2.10.1/gson-2.10.1.pom'.
=>             > Connect to repo.maven.apache.org:443 [repo.maven.apache.org/151.101.40.215] failed: Connection timed out`,
  t`network: Gradle wrapper download reset
Downloading https://services.gradle.org/distributions/gradle-8.5-bin.zip
=> Exception in thread "main" java.net.SocketException: Connection reset
	at java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:318)
	at org.gradle.wrapper.Download.downloadInternal(Download.java:100)`,
  t`dependency_install: Maven repository demanding HTTPS is not a flake
=> [ERROR] Plugin org.apache.maven.plugins:maven-clean-plugin:2.5 or one of its dependencies could not be resolved: Failed to read artifact descriptor for org.apache.maven.plugins:maven-clean-plugin:jar:2.5: Could not transfer artifact org.apache.maven.plugins:maven-clean-plugin:pom:2.5 from/to central (http://repo.maven.apache.org/maven2): Failed to transfer file: http://repo.maven.apache.org/maven2/org/apache/maven/plugins/maven-clean-plugin/2.5/maven-clean-plugin-2.5.pom. Return code is: 501 , ReasonPhrase:HTTPS Required. -> [Help 1]`,
  t`network: Coursier download timed out
[error] (update) sbt.librarymanagement.ResolveException: Error downloading org.typelevel:cats-core_2.13:2.10.0
=> [error]   download error: Caught java.net.SocketTimeoutException: Read timed out (Read timed out) while downloading https://repo1.maven.org/maven2/org/typelevel/cats-core_2.13/2.10.0/cats-core_2.13-2.10.0.pom`,
  t`network: Mix cannot reach Hex
=> ** (Mix) httpc request failed with: {:failed_connect, [{:to_address, {'repo.hex.pm', 443}}, {:inet, [:inet], :etimedout}]}

Could not install Hex because Mix could not download metadata at https://repo.hex.pm/installs/hex-1.ez.csv.`,
  t`network: apk index unreachable; "unable to select packages" follows
 ---> Running in 5c0c1a7b3e2d
fetch https://dl-cdn.alpinelinux.org/alpine/v3.18/main/x86_64/APKINDEX.tar.gz
WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.18/main: temporary error (try again later)
=> WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.18/community: temporary error (try again later)
ERROR: unable to select packages:
  git (no such package):
    required by: world[git]`,
  t`network: apt mirror out of sync
Err:12 http://azure.archive.ubuntu.com/ubuntu jammy-updates/main amd64 libssl-dev amd64 3.0.2-0ubuntu1.15
  Hash Sum mismatch
=> E: Failed to fetch http://azure.archive.ubuntu.com/ubuntu/pool/main/o/openssl/libssl-dev_3.0.2-0ubuntu1.15_amd64.deb  Hash Sum mismatch
   Hashes of expected file:
    - SHA256:8c5b6ed1d34f8bb6e1cbd8e2f4d1b0e8b7e3c2d1e0f9a8b7c6d5e4f3a2b1c0d9
E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?`,
  t`network: apt cannot resolve the mirror
Err:1 http://archive.ubuntu.com/ubuntu jammy/main amd64 curl amd64 7.81.0-1ubuntu1.15
  Temporary failure resolving 'archive.ubuntu.com'
=> E: Failed to fetch http://archive.ubuntu.com/ubuntu/pool/main/c/curl/curl_7.81.0-1ubuntu1.15_amd64.deb  Temporary failure resolving 'archive.ubuntu.com'
E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?`,
  t`network: dnf metadata timeout
Errors during downloading metadata for repository 'fedora':
  - Curl error (28): Timeout was reached for https://mirrors.fedoraproject.org/metalink?repo=fedora-39&arch=x86_64 [Connection timed out after 30000 milliseconds]
=> Error: Failed to download metadata for repo 'fedora': Cannot prepare internal mirrorlist: Curl error (28): Timeout was reached for https://mirrors.fedoraproject.org/metalink?repo=fedora-39&arch=x86_64 [Connection timed out after 30000 milliseconds]`,
  t`network: yum mirror unreachable
=> https://mirrors.fedoraproject.org/metalink?repo=epel-7&arch=x86_64: [Errno 14] curl#7 - "Failed to connect to 2605:bc80:3010:600:dead:beef:cafe:fed9: Network is unreachable"
Trying other mirror.`,
  t`network: cargo download after spurious-error retries
    Updating crates.io index
warning: spurious network error (1 tries remaining): [28] Timeout was reached (Operation timed out after 30000 milliseconds with 0 bytes received)
error: failed to download from \`https://static.crates.io/crates/serde/1.0.197/download\`

Caused by:
=>   [28] Timeout was reached (Operation timed out after 30000 milliseconds with 0 bytes received)`,
  t`network: cargo registry fetch
error: failed to fetch \`https://github.com/rust-lang/crates.io-index\`

Caused by:
=>   network failure seems to have happened
  if a proxy or similar is necessary \`net.git-fetch-with-cli\` may help here`,
  t`network: Terraform registry unreachable; "Failed to query" is the heading
╷
│ Error: Failed to query available provider packages
│ 
=> │ Could not retrieve the list of available versions for provider hashicorp/aws: could not connect to registry.terraform.io: failed to request discovery document: Get "https://registry.terraform.io/.well-known/terraform.json": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)
╵`,
  t`network: git HTTP 502 from the server (old git)
error: RPC failed; result=22, HTTP code = 502
=> fatal: The remote end hung up unexpectedly`,
  t`network: checkout gets a 5xx ${{ gha: true }}
/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +refs/heads/main:refs/remotes/origin/main
=> ##[error]fatal: unable to access 'https://github.com/acme/app/': The requested URL returned error: 502
The process '/usr/bin/git' failed with exit code 128`,
  t`auth_permissions: checkout 403 is a permission problem
=> fatal: unable to access 'https://github.com/acme/private-lib/': The requested URL returned error: 403`,
  t`network: expired certificate is not retried ${{ verdict: badCertificate }}
Cloning into 'vendor/lib'...
=> fatal: unable to access 'https://git.example.com/acme/lib.git/': SSL certificate problem: certificate has expired`,
  t`network: npm expired certificate ${{ verdict: badCertificate }}
=> npm ERR! code CERT_HAS_EXPIRED
npm ERR! errno CERT_HAS_EXPIRED
npm ERR! request to https://registry.npmjs.org/left-pad failed, reason: certificate has expired`,
  t`network: SSH port 22 timed out
Cloning into 'deps/protocol'...
=> ssh: connect to host github.com port 22: Connection timed out
fatal: Could not read from remote repository.`,
  t`network: SSH host name did not resolve
=> ssh: Could not resolve hostname github.com: Temporary failure in name resolution
fatal: Could not read from remote repository.`,
  t`network: keyserver failure while adding a repository
Executing: /tmp/apt-key-gpghome.Xq3bNcV4Tn/gpg.1.sh --keyserver hkp://keyserver.ubuntu.com:80 --recv-keys 0x8B48AD6246925553
=> gpg: keyserver receive failed: Server indicated a failure`,
  t`network: Travis apt-add-repository key timeout
gpg: requesting key 828AB726 from hkp server keyserver.ubuntu.com
=> Error: retrieving gpg key timed out.
The command "sudo -E apt-add-repository -y "ppa:george-edison55/precise-backports"" failed and exited with 1 during .`,
  t`network: registry 503 on docker pull
=> Error response from daemon: received unexpected HTTP status: 503 Service Unavailable`,
  t`network: registry connection dropped on docker pull
=> Error response from daemon: Get "https://registry-1.docker.io/v2/": EOF`,
  t`network: Go module download reset
go: downloading golang.org/x/sys v0.17.0
=> go: golang.org/x/sys@v0.17.0: Get "https://proxy.golang.org/golang.org/x/sys/@v/v0.17.0.zip": read tcp 10.1.0.4:39612->142.250.72.113:443: read: connection reset by peer`,
  t`network: Python requests gives up
  File "/home/runner/work/app/app/scripts/fetch_fixtures.py", line 12, in <module>
    resp = requests.get(URL, timeout=30)
=> requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.github.com', port=443): Max retries exceeded with url: /repos/acme/fixtures/tarball (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f9c>: Failed to establish a new connection: [Errno 101] Network is unreachable'))`,
  t`network: Python urllib 503
=> urllib.error.HTTPError: HTTP Error 503: Service Unavailable`,
  t`network: Ruby open timeout
=> /opt/hostedtoolcache/Ruby/3.2.3/x64/lib/ruby/3.2.0/net/http.rb:1271:in \`initialize': execution expired (Net::OpenTimeout)`,
  t`network: wget 503
--2024-03-01 10:12:01--  https://downloads.example.com/tool-1.2.3.tar.gz
HTTP request sent, awaiting response... 503 Service Unavailable
=> 2024-03-01 10:12:02 ERROR 503: Service Unavailable.`,
  t`network: GitHub action download 503 ${{ gha: true }}
##[warning]Failed to resolve action download info. Error: Response status code does not indicate success: 503 (Service Unavailable). Retrying in 13.3 seconds
=> ##[error]Failed to resolve action download info. Error: Response status code does not indicate success: 503 (Service Unavailable).`,
  t`unknown: a health check refused on localhost is not a flake
+ curl -fsS http://localhost:8080/health
=> curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused`,
  t`test_failure: a test that expects a server on localhost
FAIL test/cache.test.js
=>   ● cache › stores a value
    Error: connect ECONNREFUSED 127.0.0.1:6379
        at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)
Tests:       1 failed, 8 passed, 9 total`,
  t`test_failure: a test whose client times out
tests/test_client.py::test_fetch_timeout FAILED
E       requests.exceptions.ReadTimeout: HTTPConnectionPool(host='127.0.0.1', port=8000): Read timed out. (read timeout=0.5)
=========================== short test summary info ============================
=> FAILED tests/test_client.py::test_fetch_timeout - requests.exceptions.ReadTimeout: HTTPConnectionPool(host='127.0.0.1', port=8000): Read timed out. (read timeout=0.5)`,
  t`network: Maven cannot resolve the repository host
=> [ERROR] Failed to execute goal on project app: Could not resolve dependencies for project com.example:app:jar:1.0: Could not transfer artifact com.google.guava:guava:jar:33.0.0-jre from/to central (https://repo.maven.apache.org/maven2): repo.maven.apache.org: Temporary failure in name resolution -> [Help 1]`,
  t`network: Gradle lookup failure under "Could not GET"
         > Could not GET 'https://jcenter.bintray.com/com/squareup/okio/okio/2.10.0/okio-2.10.0.pom'.
=>             > jcenter.bintray.com: Temporary failure in name resolution`,
  t`network: cabal download step
cabal: Error: some packages failed to install:
=> aeson-2.1.2.1 failed during the download step. The exception was:
user error (Codec.Compression.Zlib: premature end of compressed stream)`,
  t`dependency_install: npm read a truncated cache entry ${{ verdict: outcome("transient", true, "clear_cache") }}
npm ERR! code FETCH_ERROR
=> npm ERR! Unexpected end of JSON input while parsing near '...":"^1.0.0"},"dist":{'`,
  t`configuration: a package.json that does not parse is not a cache problem
=> npm ERR! code EJSONPARSE
npm ERR! file /home/runner/work/app/app/package.json
npm ERR! JSON.parse Failed to parse json
npm ERR! JSON.parse Unexpected end of JSON input while parsing near '...test": "jest",'`,
  t`network: setup action download 503 ${{ gha: true }}
Attempting to download 20.11.1...
=> ##[error]Unexpected HTTP response: 503`,
  t`unknown: "sudo: unable to resolve host" is noise
$ sudo ./scripts/setup-db.sh
sudo: unable to resolve host travis-job-5b1fdeb9: Name or service not known
=> setup failed: schema version 12 does not match 14
The command "sudo ./scripts/setup-db.sh" exited with 1.`,
  t`infrastructure: Jenkins durable task lost its heartbeat
=> wrapper script does not seem to be touching the log file in /var/lib/jenkins/workspace/app@tmp/durable-5c1e6a2b
(JENKINS-48300: if on an extremely laggy filesystem, consider -Dorg.jenkinsci.plugins.durabletask.BourneShellScript.HEARTBEAT_CHECK_INTERVAL=86400)
script returned exit code -1`,
  t`infrastructure: Sauce Labs VM never started
=> Infrastructure Error -- The Sauce VMs failed to start the browser or device. For more info, please check https://wiki.saucelabs.com/display/DOCS/Common+Error+Messages`,
  t`infrastructure: Firebase deploy catch-all during upload
i  hosting: preparing dist directory for upload...
=> Error: An unexpected error has occurred.
error Command failed with exit code 1.`,
  t`infrastructure: Azure Pipelines lost the agent
=> ##[error]We stopped hearing from agent Azure Pipelines 3. Verify the agent machine is running and has a healthy network connection. Anything that terminates an agent process, starves it for CPU, or blocks its network access can cause this error. For more information, see: https://go.microsoft.com/fwlink/?linkid=846610`,
  t`infrastructure: GitHub larger runner deprovisioned ${{ gha: true }}
Running tests...
=> ##[error]Received request to deprovision: The request was cancelled by the remote provider.`,
  t`infrastructure: GitHub never assigned a runner
=> The job was not acquired by Runner of type hosted even after multiple attempts
Internal server error. Correlation ID: 79b9a27c-24a5-41cb-b9af-7f4a788e3b2a`,
  t`infrastructure: Jenkins agent channel closed
[Pipeline] sh
FATAL: command execution failed
=> java.io.IOException: Backing channel 'build-agent-07' is disconnected.
	at hudson.remoting.RemoteInvocationHandler.channelOrFail(RemoteInvocationHandler.java:216)`,
  t`infrastructure: Buildkite process killed or agent lost
=> Exited with status -1 (process killed or agent lost; see agent logs for more details)`,
  t`infrastructure: apt lock held by the image's updater
$ sudo apt-get install -y libsqlite3-dev
E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 2143 (unattended-upgr)
=> E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?
The command "sudo apt-get install -y libsqlite3-dev" exited with 100.`,
  t`infrastructure: Sauce Connect tunnel never came up
17 07 2015 18:57:26.407:ERROR [launcher.sauce]: Can not start chrome
  Failed to start Sauce Connect:
=>   17 Jul 18:57:21 - Sauce Connect could not establish a connection.
17 Jul 18:57:21 - Please check your firewall and proxy settings.`,
  t`infrastructure: BrowserStack local tunnel not connected
=> Error: An error occurred while retrieving a new session: "[browserstack.local] is set to true but local testing through BrowserStack is not connected."`,
  t`infrastructure: simulator never finished bootstrapping
=> 2016-11-10 09:54:04.256 xcodebuild[40376:613510] Error Domain=IDETestOperationsObserverErrorDomain Code=5 "Early unexpected exit, operation never finished bootstrapping - no restart will be attempted" UserInfo={NSLocalizedDescription=Early unexpected exit, operation never finished bootstrapping - no restart will be attempted}

Testing failed:
** TEST FAILED **`,
  t`timeout: CircleCI no-output limit
=> Too long with no output (exceeded 10m0s): context deadline exceeded`,
  t`timeout: travis_wait limit
Still running (20 of 20): mvn install -B
=> Timeout (20 minutes) reached. Terminating "mvn install -B"
The command "travis_wait mvn install -B" exited with 137.`,
  t`timeout: Travis no-output limit, older wording
=> No output has been received in the last 10 minutes, this potentially indicates a stalled build or something wrong with the build itself.
The build has been terminated`,
  t`timeout: Azure Pipelines job limit
=> ##[error]The job running on agent Azure Pipelines 2 ran longer than the maximum time of 60 minutes. For more information, see https://go.microsoft.com/fwlink/?linkid=2077134`,
  t`timeout: AppVeyor plan limit
=> Build execution time has reached the maximum allowed time for your plan (60 minutes).`,
  t`timeout: Karma remote browser never captured
12 12 2016 20:01:38.455:DEBUG [launcher.browserstack]: Android Browser (android 5.0) job started with id 67855688
=> 12 12 2016 20:02:38.453:WARN [launcher.browserstack]: Android Browser (android 5.0) has not captured in 60000 ms, killing.`,
  t`timeout: Karma disconnect with a log prefix
=> 05 06 2019 12:08:38.041:WARN [HeadlessChrome 75.0.3770 (Linux 0.0.0)]: Disconnected (0 times), because no message in 30000 ms.
Executed 12 of 340 DISCONNECTED (30.012 secs / 0.4 secs)`,
];
