/** Email integration: pooled SMTP sender behind the `EmailSender` port, its settings and errors. */
export { type EmailConfig, emailConfigSchema } from "./config.js";
export {
  emailErrorMapper,
  redactSmtpUrl,
  SERVICE,
  scrub,
  smtpErrorType,
  smtpSecrets,
  toEmailError,
} from "./errors.js";
export {
  createEmailSender,
  DIGEST_HEADER,
  type EmailSenderOptions,
  emailTransportOptions,
  messageIdFor,
  OUTBOX_OPERATION,
} from "./sender.js";
