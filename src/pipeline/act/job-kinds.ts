/** Job kinds of the act stage; each runs in the lane of the destination it calls. */
export const escalationJobs = {
  recover: { kind: "recover", lane: "github" },
  runbook: { kind: "runbook", lane: "runbook" },
  codegenStart: { kind: "codegen-start", lane: "codegen" },
  codegenPoll: { kind: "codegen-poll", lane: "codegen" },
  linearIssue: { kind: "linear-issue", lane: "linear" },
  linearComment: { kind: "linear-comment", lane: "linear" },
  linearLink: { kind: "linear-link", lane: "linear" },
  page: { kind: "page", lane: "email" },
} as const;

/** The incident's page in pitcrew: its link in Linear and the attachment URL that dedupes issues. */
export function incidentUrl(publicUrl: string, incidentId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/incidents/${incidentId}`;
}
