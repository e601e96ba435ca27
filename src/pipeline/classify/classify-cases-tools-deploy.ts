import { outcome, t } from "./classify-table.js";

const runnerLacks = { verdict: outcome("persistent", false, "fix_config") };
const fixCode = { verdict: outcome("persistent", false, "fix_code") };

/** Docker builds, Terraform, Helm and kubectl as each prints an error (tools audit). */
// biome-ignore format: one row per case; the logs stay byte-for-byte as a CI prints them.
export const deployToolCases = [
  t`compilation: BuildKit RUN step failed
#8 [4/5] RUN make release
#8 0.512 make: *** [Makefile:3: release] Error 1
=> #8 ERROR: process "/bin/sh -c make release" did not complete successfully: exit code: 2
------
 > [4/5] RUN make release:
------
Dockerfile:8
ERROR: failed to solve: process "/bin/sh -c make release" did not complete successfully: exit code: 2`,
  t`dependency_install: a tool's error inside a BuildKit step outranks the step
#9 [5/7] RUN npm ci
#9 1.207 npm ERR! code E404
#9 1.208 npm ERR! 404 Not Found - GET https://registry.npmjs.org/left-padd - Not found
=> #9 1.210 npm ERR! 404  'left-padd@^1.3.0' is not in this registry.
#9 ERROR: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1`,
  t`compilation: classic docker build RUN step failed
Step 4/6 : RUN ./build.sh
 ---> Running in 3f2a1b4c5d6e
=> The command '/bin/sh -c ./build.sh' returned a non-zero code: 1`,
  t`compilation: a compiler error inside docker build outranks the step
Step 4/6 : RUN tsc -p .
 ---> Running in 3f2a1b4c5d6e
=> src/index.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.
The command '/bin/sh -c tsc -p .' returned a non-zero code: 2`,
  t`configuration: COPY of a file not in the build context
#7 [3/5] COPY package-lock.json ./
=> #7 ERROR: failed to calculate checksum of ref moby::x1y2z3: "/package-lock.json": not found
------
ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref moby::x1y2z3: "/package-lock.json": not found`,
  t`configuration: Dockerfile syntax
#1 [internal] load build definition from Dockerfile
=> ERROR: failed to solve: dockerfile parse error on line 5: unknown instruction: RUNN`,
  t`dependency_install: base image tag missing ${runnerLacks}
#2 [internal] load metadata for docker.io/library/node:99-alpine
#2 ERROR: docker.io/library/node:99-alpine: not found
------
=> ERROR: failed to solve: node:99-alpine: failed to resolve source metadata for docker.io/library/node:99-alpine: docker.io/library/node:99-alpine: not found`,
  t`compilation: terraform validate
╷
=> │ Error: Unsupported argument
│ 
│   on main.tf line 12, in resource "aws_s3_bucket" "logs":
│   12:   bucket_name = "logs"
│ 
│ An argument named "bucket_name" is not expected here.
╵`,
  t`compilation: terraform 0.12 reference
=> Error: Reference to undeclared resource

  on outputs.tf line 2, in output "ip":
   2:   value = aws_instance.web.public_ip`,
  t`dependency_install: terraform init provider
Initializing provider plugins...
╷
=> │ Error: Failed to query available provider packages
│ 
│ Could not retrieve the list of available versions for provider hashicorp/aws: no available releases match the given constraints ~> 99.0
╵`,
  t`dependency_install: terraform lock file
╷
=> │ Error: Inconsistent dependency lock file
│ 
│ The following dependency selections recorded in the lock file are inconsistent with the current configuration:
╵`,
  t`configuration: terraform version constraint
╷
=> │ Error: Unsupported Terraform Core version
│ 
│   on versions.tf line 2, in terraform:
│    2:   required_version = ">= 1.9"
╵`,
  t`lint: tflint
1 issue(s) found:

=> Error: "t1.2xlarge" is an invalid value as instance_type (aws_instance_invalid_type)

  on main.tf line 3:`,
  t`compilation: helm template error
=> Error: template: app/templates/deployment.yaml:12:20: executing "app/templates/deployment.yaml" at <.Values.image.tag>: nil pointer evaluating interface {}.tag

Use --debug flag to render out invalid YAML`,
  t`compilation: helm YAML error in a template
=> Error: INSTALLATION FAILED: YAML parse error on app/templates/service.yaml: error converting YAML to JSON: yaml: line 12: mapping values are not allowed in this context`,
  t`lint: helm lint
==> Linting charts/app
=> [ERROR] templates/: template: app/templates/deployment.yaml:12:20: executing "app/templates/deployment.yaml" at <.Values.image.tag>: nil pointer evaluating interface {}.tag

Error: 1 chart(s) linted, 1 chart(s) failed`,
  t`dependency_install: helm chart dependency not built ${runnerLacks}
=> Error: found in Chart.yaml, but missing in charts/ directory: postgresql`,
  t`configuration: helm manifest invalid
=> Error: UPGRADE FAILED: unable to build kubernetes objects from release manifest: error validating "": error validating data: ValidationError(Deployment.spec): unknown field "replica" in io.k8s.api.apps.v1.DeploymentSpec`,
  t`configuration: kubectl validation
=> error: error validating "k8s/deployment.yaml": error validating data: ValidationError(Deployment.spec): unknown field "replica" in io.k8s.api.apps.v1.DeploymentSpec; if you choose to ignore these errors, turn validation off with --validate=false`,
  t`configuration: kubectl strict decoding
=> Error from server (BadRequest): error when creating "k8s/deployment.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"`,
  t`configuration: kubectl invalid object
=> The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value`,
  t`configuration: kubectl unknown kind
=> error: resource mapping not found for name: "web" namespace: "" from "k8s/ingress.yaml": no matches for kind "Ingress" in version "extensions/v1beta1"
ensure CRDs are installed first`,
  t`configuration: kubectl object missing
=> Error from server (NotFound): deployments.apps "web" not found`,
  t`configuration: kubectl manifest path
=> error: the path "k8s/deployment.yml" does not exist`,
  t`crash: Go panic in a program ${fixCode}
=> panic: assignment to entry in nil map

goroutine 1 [running]:
main.main()
	/src/main.go:12 +0x1d`,
];
