// An Express 5 app as the README's "Express 5" recipe shows it: the proxy first, on
// app.all("/logto/{*rest}") (the path unchanged), then express.json() and the app's own routes.
// node-adapter.mjs is scripts/node-adapter.mjs, copied in by tests/compat/run.mjs.
import express from "express";
import { clientCredentials, createInvitationsProxy } from "logto-invitations/server";
import { toNodeListener } from "./node-adapter.mjs";

const endpoint = process.env.LOGTO_ENDPOINT;
const port = Number(process.env.PORT);
const proxy = createInvitationsProxy({
  endpoint,
  getAccessToken: clientCredentials({ endpoint, appId: process.env.LOGTO_M2M_APP_ID, appSecret: process.env.LOGTO_M2M_APP_SECRET }),
  // The app's own session check; this test app trusts a header its test sends.
  authorize: (request) => request.headers.get("x-test-session") === "admin",
  allow: ["GET /api/organizations"],
});

const app = express();
// Before any body parser: express.json() would read the request stream that the proxy needs.
app.all("/logto/{*rest}", toNodeListener(proxy, { origin: `http://127.0.0.1:${port}` }));
app.use(express.json());
app.post("/api/echo", (req, res) => res.json({ received: req.body }));

app.listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
