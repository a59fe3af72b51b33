import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { clientCredentials, createInvitationsProxy } from "logto-invitations/server";
import { isAdminSession } from "./session.mjs"; // your app's own session check

const endpoint = process.env.LOGTO_ENDPOINT;
const proxy = createInvitationsProxy({
  endpoint,
  getAccessToken: clientCredentials({ endpoint, appId: process.env.LOGTO_M2M_APP_ID, appSecret: process.env.LOGTO_M2M_APP_SECRET }),
  authorize: (request) => isAdminSession(request),
  allow: ["GET /api/organizations"],
});

const app = new Hono();
app.all("/logto/*", (c) => proxy(c.req.raw)); // the raw Request: its path and body as they came
app.get("/", (c) => c.text("your dashboard"));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) => console.log(`listening on port ${info.port}`));
