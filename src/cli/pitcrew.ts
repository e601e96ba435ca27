#!/usr/bin/env node
/** The `pitcrew` command line. Every command has `--json`; logs go to stderr. */
import { Command, InvalidArgumentError, Option } from "commander";
import { exitWithError, serve } from "../main.js";
import { deadLetterErrorTypes, defaultRetentionDays } from "../outbound/dead-letters.js";
import { classifyCommand } from "./classify-command.js";
import {
  dlqListCommand,
  dlqPurgeCommand,
  dlqResolveCommand,
  dlqRetryCommand,
  dlqStatsCommand,
} from "./dlq-command.js";
import { evalCommand } from "./eval-command.js";
import { showIncidentCommand } from "./incident-show.js";
import { ingestCommand } from "./ingest-command.js";
import { listIncidentsCommand, listOutboxCommand, listTemplatesCommand } from "./read-only.js";
import {
  collectMatch,
  silenceAddCommand,
  silenceExpireCommand,
  silenceListCommand,
} from "./silence-command.js";

const program = new Command("pitcrew")
  .description(
    "Keeps CI green: classifies failures, re-runs what is transient, escalates the rest.",
  )
  .showHelpAfterError();

program
  .command("serve")
  .description("start the HTTP server and the job worker (same as npm start)")
  .option("--json", "JSON logs only (always the case)")
  .action(() => serve(process.env).then(() => undefined));

program
  .command("ingest")
  .description("process a saved webhook payload (through the running server when there is one)")
  .argument("<payload.json>", "payload file, or - for stdin")
  .addOption(
    new Option("--provider <provider>", "which webhook it is")
      .choices(["github", "ci"])
      .default("github"),
  )
  .option("--event <name>", "X-GitHub-Event of a GitHub payload", "workflow_run")
  .option(
    "--delivery <id>",
    "delivery id (default: derived from the payload, so re-ingesting is a duplicate)",
  )
  .option("--json", "print JSON only")
  .action((file: string, opts) => ingestCommand(process.env, file, opts));

program
  .command("classify")
  .description("classify a CI log and print the verdict")
  .argument("<logfile>", "log file, or - for stdin")
  .option("--exit-code <code>", "exit code of the failed step")
  .addOption(
    new Option("--conclusion <conclusion>", "how the job ended").choices([
      "failure",
      "timed_out",
      "cancelled",
      "startup_failure",
    ]),
  )
  .option("--branch <branch>", "branch the job ran on (raises severity on main/release)")
  .option("--step <name>", "name of the failed step")
  .option("--provider <name>", "CI provider (github, gitlab, jenkins, …)")
  .option("--json", "print JSON only")
  .action((file: string, opts) => classifyCommand(process.env, file, opts));

program
  .command("eval")
  .description("measure the classifier on the labelled corpora (../shared/corpus)")
  .option("--corpus <dir>", "corpus folder (default: $PITCREW_CORPUS, else ../shared/corpus)")
  .option("--fold <n>", "only this LogChunks fold (0 is the frozen test fold)")
  .option("--folds <list>", "only these LogChunks folds, e.g. 1,2,3,4")
  .option("--rules <dir...>", "extra rule directories, loaded after the built-in rules")
  .option("--misses", "list every miss of development folds 1-4 (never fold 0)")
  .option("--write-docs", "regenerate the results section of docs/classifier.md")
  .option("--json", "print JSON only")
  .action((opts) => evalCommand(process.env, opts));

program
  .command("incidents")
  .description("list open incidents with their decisions (`incidents show <id>`: its ladder)")
  .argument("[show]", "`show` to print one incident's escalation ladder")
  .argument("[id]", "incident id, like PC-42 (with show)")
  .option("--all", "include resolved incidents")
  .option("--json", "print JSON only")
  .action((sub: string | undefined, id: string | undefined, opts) => {
    if (sub === undefined) return listIncidentsCommand(process.env, opts);
    if (sub !== "show" || !id) {
      process.stderr.write("pitcrew: usage: pitcrew incidents [--all] | incidents show <id>\n");
      process.exit(2);
    }
    return showIncidentCommand(process.env, id, opts);
  });

program
  .command("outbox")
  .description("list what integrations without credentials would have sent")
  .option("--json", "print JSON only")
  .action((opts) => listOutboxCommand(process.env, opts));

program
  .command("templates")
  .description("list failure templates mined from incidents' evidence lines, most frequent first")
  .option("--json", "print JSON only")
  .action((opts) => listTemplatesCommand(process.env, opts));

const dlq = program
  .command("dlq")
  .description("the dead-letter queue: outbound actions pitcrew gave up on")
  // Usage errors of the dlq commands exit 2, so scripts tell them from "unknown id" (1).
  .exitOverride((error) => process.exit(error.exitCode === 1 ? 2 : error.exitCode));

dlq
  .command("list")
  .description("list dead letters (unresolved ones unless --all)")
  .option("--destination <name>", "only this destination (github, linear, slack, …)")
  .addOption(
    new Option("--error-type <type>", "only this error type").choices(deadLetterErrorTypes),
  )
  .option("--unresolved", "only unresolved entries (the default)")
  .addOption(new Option("--all", "resolved entries too").conflicts("unresolved"))
  .option("--json", "print JSON only")
  .action((opts) => dlqListCommand(process.env, opts));

dlq
  .command("stats")
  .description("unresolved dead letters by destination and error type, oldest and newest")
  .option("--json", "print JSON only")
  .action((opts) => dlqStatsCommand(process.env, opts));

dlq
  .command("retry")
  .description(
    "re-enqueue one dead letter's job, or those of every unresolved entry of a destination",
  )
  .argument("[id]", "dead-letter id (dlq_…)")
  .option("--destination <name>", "retry every unresolved entry of this destination")
  .option("--json", "print JSON only")
  .action((id: string | undefined, opts: { destination?: string; json?: boolean }, command) => {
    if ((id === undefined) === (opts.destination === undefined))
      command.error("error: give a dead-letter id or --destination <name> (one of them)", {
        exitCode: 2,
      });
    return dlqRetryCommand(process.env, id, opts);
  });

dlq
  .command("resolve")
  .description("mark a dead letter handled")
  .argument("<id>", "dead-letter id (dlq_…)")
  .option("--by <who>", "who resolved it (default: $USER)")
  .option("--note <text>", "what was done")
  .option("--json", "print JSON only")
  .action((id: string, opts) => dlqResolveCommand(process.env, id, opts));

dlq
  .command("purge")
  .description("delete dead letters resolved more than N days ago")
  .option("--older-than-days <n>", "age of the resolution in days", wholeDays, defaultRetentionDays)
  .option("--json", "print JSON only")
  .action((opts) => dlqPurgeCommand(process.env, opts));

const silence = program
  .command("silence")
  .description("silences: matching incidents are recorded and counted, but not sent or escalated")
  // Usage errors exit 2, so scripts tell them from "unknown id" (1).
  .exitOverride((error) => process.exit(error.exitCode === 1 ? 2 : error.exitCode));

silence
  .command("add")
  .description("silence incidents matching every --match (a value written /…/ is a regex)")
  .requiredOption(
    "--match <key=value>",
    "repo, branch, workflow, job, type, fingerprint or severity (repeatable)",
    collectMatch,
  )
  .addOption(
    new Option("--for <duration>", "how long, e.g. 2h, 30m, 7d").conflicts(["until", "untilGreen"]),
  )
  .addOption(new Option("--until <time>", "ISO time it ends").conflicts("untilGreen"))
  .option("--until-green", "until the job passes on the default branch (needs repo and job)")
  .option("--from <time>", "ISO time it starts (default now)")
  .requiredOption("--reason <text>", "why")
  .option("--author <who>", "who silences (default: $USER)")
  .option("--json", "print JSON only")
  .action((opts) => silenceAddCommand(process.env, opts));

silence
  .command("list")
  .description("list current silences (active and pending); --all adds expired ones still kept")
  .option("--all", "expired silences too (kept 30 days)")
  .option("--json", "print JSON only")
  .action((opts) => silenceListCommand(process.env, opts));

silence
  .command("expire")
  .description("end a silence now (kept, expired, for the audit)")
  .argument("<id>", "silence id (sil_…)")
  .option("--by <who>", "who ends it (default: $USER)")
  .option("--json", "print JSON only")
  .action((id: string, opts) => silenceExpireCommand(process.env, id, opts));

function wholeDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 0)
    throw new InvalidArgumentError("expected a whole number of days (0 or more)");
  return days;
}

program.parseAsync(process.argv).catch(exitWithError);
