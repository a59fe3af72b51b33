// A Cloudflare Worker whose fetch handler is the package's proxy, as the README shows it. The
// environment (Logto's URL, the machine-to-machine app) comes from the Worker's bindings.
import { clientCredentials, createInvitationsProxy } from "logto-invitations/server";

let proxy;

export default {
  fetch(request, env) {
    proxy ??= createInvitationsProxy({
      endpoint: env.LOGTO_ENDPOINT,
      getAccessToken: clientCredentials({ endpoint: env.LOGTO_ENDPOINT, appId: env.LOGTO_M2M_APP_ID, appSecret: env.LOGTO_M2M_APP_SECRET }),
      // The app's own session check; this test Worker trusts a header its test sends.
      authorize: (request) => request.headers.get("x-test-session") === "admin",
      allow: ["GET /api/organizations"],
    });
    return proxy(request);
  },
};
