import { outcome, t } from "./classify-table.js";

const runnerLacks = { verdict: outcome("persistent", false, "fix_config") };
const fixCode = { verdict: outcome("persistent", false, "fix_code") };
/** A release that did not become healthy: a re-run redeploys it into the same state (runbook rung). */
const escalate = { verdict: outcome("persistent", false, "escalate") };

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
  t`deployment: kubectl rollout past its progress deadline ${escalate}
$ kubectl rollout status deployment/web --timeout=10m
Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...
Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...
=> error: deployment "web" exceeded its progress deadline`,
  t`deployment: kubectl rollout status --timeout ran out ${{ ...escalate, gha: true }}
##[group]Run kubectl -n prod rollout status deployment/api --timeout=120s
Waiting for deployment "api" rollout to finish: 0 of 2 updated replicas are available...
=> error: timed out waiting for the condition
##[error]Process completed with exit code 1.`,
  t`deployment: kubectl wait for a deployment to become available ${escalate}
$ kubectl wait --for=condition=available --timeout=300s deployment/web deployment/worker
deployment.apps/worker condition met
=> error: timed out waiting for the condition on deployments/web`,
  t`deployment: helm --wait ran out of time on install ${escalate}
$ helm upgrade --install web ./chart --namespace prod --wait --timeout 5m
Release "web" does not exist. Installing it now.
=> Error: INSTALLATION FAILED: context deadline exceeded`,
  t`deployment: helm --atomic rolled the upgrade back ${escalate}
$ helm upgrade web ./chart --atomic --timeout 300s
=> Error: UPGRADE FAILED: release web failed, and has been rolled back due to atomic being set: timed out waiting for the condition`,
  t`deployment: helm pre-upgrade hook (migration job) failed ${escalate}
$ helm upgrade web ./chart --wait
=> Error: UPGRADE FAILED: pre-upgrade hooks failed: 1 error occurred:
	* job web-migrate failed: BackoffLimitExceeded`,
  t`deployment: helm release stuck in a pending operation ${escalate}
$ helm upgrade --install web ./chart
=> Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress`,
  t`deployment: ECS service never became stable ${escalate}
$ aws ecs update-service --cluster prod --service web --force-new-deployment > /dev/null
$ aws ecs wait services-stable --cluster prod --services web
=> Waiter ServicesStable failed: Max attempts exceeded`,
  t`deployment: ECS deploy action waiting for stability ${{ ...escalate, gha: true }}
##[group]Run aws-actions/amazon-ecs-deploy-task-definition@v1
Deployment started. Watch this deployment's progress in the Amazon ECS console: https://console.aws.amazon.com/ecs/home?region=us-east-1#/clusters/prod/services/web/events
=> ##[error]Resource is not in the state servicesStable`,
  t`deployment: CloudFormation update rolled back ${escalate}
$ aws cloudformation wait stack-update-complete --stack-name web
=> Waiter StackUpdateComplete failed: Waiter encountered a terminal failure state: For expression "Stacks[].StackStatus" we matched expected path: "UPDATE_ROLLBACK_COMPLETE" at least once`,
  t`deployment: stack left in ROLLBACK_COMPLETE ${escalate}
$ aws cloudformation update-stack --stack-name web --template-body file://stack.yaml
=> An error occurred (ValidationError) when calling the UpdateStack operation: Stack:arn:aws:cloudformation:us-east-1:123456789012:stack/web/5270ab20-d557-11ed-afb2-0a14943d5521 is in ROLLBACK_COMPLETE state and can not be updated.`,
  t`deployment: CDK stack failed to deploy ${escalate}
WebStack: deploying... [1/1]
WebStack | 3/5 | 12:01:07 PM | UPDATE_ROLLBACK_IN_PROGRESS | AWS::CloudFormation::Stack | WebStack The following resource(s) failed to update: [Service]
=> ❌  WebStack failed: Error: The stack named WebStack failed to deploy: UPDATE_ROLLBACK_COMPLETE: Resource handler returned message: "Service did not stabilize" (HandlerErrorCode: NotStabilized)`,
  t`deployment: argocd app wait timed out ${escalate}
$ argocd app wait web --health --timeout 300
=> time="2024-05-06T07:13:09Z" level=fatal msg="timed out (300s) waiting for app \"web\" match desired state"`,
  t`deployment: argocd app turned Degraded ${escalate}
$ argocd app wait web --health --timeout 600
=> FATA[0042] application 'web' health state has transitioned from Progressing to Degraded`,
  t`deployment: Cloud Run revision failed its health check ${escalate}
Deploying container to Cloud Run service [web] in project [acme] region [us-central1]
Deploying...
Deployment failed
=> ERROR: (gcloud.run.deploy) Revision 'web-00042-xyz' is not ready and cannot serve traffic. The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable within the allocated timeout.`,
  t`deployment: App Engine version never became healthy ${escalate}
Updating service [default] (this may take several minutes)...failed.
=> ERROR: (gcloud.app.deploy) Error Response: [4] Your deployment has failed to become healthy in the allotted time and therefore was rolled back. If you believe this was an error, try adjusting the 'app_start_timeout_sec' setting in the 'readiness_check' section.`,
  t`timeout: a job time limit outranks the rollout it was waiting for ${{ meta: { conclusion: "timed_out" }, gha: true }}
##[group]Run kubectl rollout status deployment/web
Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...
=> ##[error]The job running on runner GitHub Actions 12 has exceeded the maximum execution time of 30 minutes.
##[error]The operation was canceled.`,
  t`test_failure: a unit test about deployments is a test failure
 PASS  src/config.test.ts
 FAIL  src/deployment.test.ts
=>   ● DeploymentWatcher › reports a rollout that exceeded its progress deadline

    expect(received).toBe(expected) // Object.is equality`,
  t`test_failure: a test that quotes the kubectl timeout
=> FAILED tests/test_deployment.py::test_wait_for_rollout - AssertionError: expected 'error: timed out waiting for the condition' in output`,
  t`configuration: kubectl dry-run validation is not a deployment
$ kubectl apply --dry-run=server -f k8s/
deployment.apps/web configured (server dry run)
=> Error from server (Invalid): error when applying patch: The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value`,
  t`lint: helm lint of a deployment template is not a deployment
$ helm lint charts/app
==> Linting charts/app
=> [ERROR] templates/deployment.yaml: unable to parse YAML: error converting YAML to JSON: yaml: line 14: did not find expected key

Error: 1 chart(s) linted, 1 chart(s) failed`,
  t`compilation: helm upgrade with a broken template stays a template error
$ helm upgrade --install web ./chart --wait
=> Error: UPGRADE FAILED: template: app/templates/deployment.yaml:21:24: executing "app/templates/deployment.yaml" at <.Values.image.repository>: nil pointer evaluating interface {}.repository`,
  t`unknown: kubectl wait on a pod (a test fixture) is not a deployment
$ kubectl wait --for=condition=Ready pod -l app=postgres --timeout=60s
=> error: timed out waiting for the condition on pods/postgres-0`,
  t`unknown: a concurrent CloudFormation update is not a rolled-back stack
=> An error occurred (ValidationError) when calling the UpdateStack operation: Stack:arn:aws:cloudformation:us-east-1:123456789012:stack/web/5270ab20-d557-11ed-afb2-0a14943d5521 is in UPDATE_IN_PROGRESS state and can not be updated.`,
  t`crash: Go panic in a program ${fixCode}
=> panic: assignment to entry in nil map

goroutine 1 [running]:
main.main()
	/src/main.go:12 +0x1d`,
];
