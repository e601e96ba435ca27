/**
 * The GraphQL documents pitcrew sends. They are our own small selections rather than the SDK's
 * generated ones: one request returns everything we need (the SDK's payload getters cost a
 * second request each), and the answers need none of the nested fields SDK models dereference.
 * Operation names match the SDK's, so a fake that serves one serves the other.
 */

const ISSUE_FIELDS = "id identifier url state { id type }";

/** The issue an attachment URL points at (attachment URLs are unique: the dedupe key). */
export const ATTACHMENTS_FOR_URL = `query attachmentsForURL($url: String!, $first: Int) {
  attachmentsForURL(url: $url, first: $first) { nodes { id url issue { ${ISSUE_FIELDS} } } }
}`;

/**
 * Before creating: an issue already carrying the attachment, or one created under our
 * client-chosen id by an attempt that failed after the create (one request for both).
 */
export const ISSUE_FOR_CREATE = `query issueForCreate($url: String!, $id: ID!) {
  attachmentsForURL(url: $url, first: 1) { nodes { id url issue { ${ISSUE_FIELDS} } } }
  issues(filter: { id: { eq: $id } }, first: 1) { nodes { ${ISSUE_FIELDS} } }
}`;

export const ISSUE_LABELS = `query issueLabels($filter: IssueLabelFilter, $first: Int) {
  issueLabels(filter: $filter, first: $first) { nodes { id name team { id } } }
}`;

export const CREATE_ISSUE_LABEL = `mutation createIssueLabel($input: IssueLabelCreateInput!) {
  issueLabelCreate(input: $input) { success issueLabel { id name } }
}`;

export const WORKFLOW_STATES = `query workflowStates($filter: WorkflowStateFilter, $first: Int) {
  workflowStates(filter: $filter, first: $first) { nodes { id name type position } }
}`;

export const CREATE_ISSUE = `mutation createIssue($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { ${ISSUE_FIELDS} } }
}`;

export const CREATE_ATTACHMENT = `mutation createAttachment($input: AttachmentCreateInput!) {
  attachmentCreate(input: $input) { success attachment { id } }
}`;

export const CREATE_ISSUE_RELATION = `mutation createIssueRelation($input: IssueRelationCreateInput!) {
  issueRelationCreate(input: $input) { success issueRelation { id } }
}`;

export const CREATE_COMMENT = `mutation createComment($input: CommentCreateInput!) {
  commentCreate(input: $input) { success comment { id } }
}`;

export const ISSUE_LABEL_IDS = `query issue($id: String!) {
  issue(id: $id) { id labelIds }
}`;

export const UPDATE_ISSUE = `mutation updateIssue($id: String!, $input: IssueUpdateInput!) {
  issueUpdate(id: $id, input: $input) { success issue { ${ISSUE_FIELDS} } }
}`;
