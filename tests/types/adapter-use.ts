// A TypeScript backend's use of the README's Node adapter, copied in as node-adapter.mjs (the
// file itself is checked too, with allowJs and checkJs): the proxy served from Node's http.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { clientCredentials, createInvitationsProxy } from "logto-invitations/server";
import { toNodeListener } from "./node-adapter.mjs";

const endpoint = "https://auth.example.com";
const proxy = createInvitationsProxy({
  endpoint,
  getAccessToken: clientCredentials({ endpoint, appId: "app", appSecret: "secret" }),
  authorize: (request: Request) => request.headers.get("cookie") !== null,
});
const listener: (req: IncomingMessage, res: ServerResponse) => Promise<void> = toNodeListener(proxy, { origin: "https://dash.example.com" });
export const server = createServer(listener);
export const withoutOrigin = toNodeListener(proxy); // throws at run time: the origin is checked then
// @ts-expect-error the handler takes a Request and answers a Response
toNodeListener((request: string) => Promise.resolve(request), { origin: "https://dash.example.com" });
// @ts-expect-error origin is a string
toNodeListener(proxy, { origin: new URL("https://dash.example.com") });
