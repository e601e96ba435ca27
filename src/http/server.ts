import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { InputError } from "../domain/errors.js";
import type { HttpContext } from "./context.js";
import { createMetrics, registerMetrics } from "./metrics.js";
import { registerApi } from "./routes/api.js";
import { registerCiWebhook } from "./routes/ci-webhook.js";
import { registerDlq } from "./routes/dlq.js";
import { registerGithubWebhook } from "./routes/github-webhook.js";
import { registerHealth } from "./routes/health.js";
import { registerIncidentPage } from "./routes/incident-page.js";
import { registerLinearWebhook } from "./routes/linear-webhook.js";
import { registerSilences } from "./routes/silences.js";

/** The route table. Bodies arrive raw (signatures are over the raw bytes); routes parse. */
export function buildHttpServer(ctx: HttpContext): FastifyInstance {
  const app = Fastify({ bodyLimit: ctx.bodyLimitBytes, logger: false, trustProxy: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof InputError) {
      return reply.code(error.status).send({ error: error.code, message: error.message });
    }
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return reply.code(413).send({
        error: "body-too-large",
        message: `the body is larger than ${ctx.bodyLimitBytes} bytes`,
      });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply
        .code(error.statusCode)
        .send({ error: error.code ?? "bad-request", message: error.message });
    }
    ctx.logger.error({ err: error, url: request.url }, "request failed");
    return reply
      .code(500)
      .send({ error: "internal", message: "internal error; see the server log" });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: "not-found", message: `no route ${request.method} ${request.url}` }),
  );
  registerMetrics(app, createMetrics(ctx));
  registerHealth(app, ctx);
  registerGithubWebhook(app, ctx);
  registerCiWebhook(app, ctx);
  registerLinearWebhook(app, ctx);
  registerApi(app, ctx);
  registerIncidentPage(app, ctx);
  registerDlq(app, ctx);
  registerSilences(app, ctx);
  return app;
}
