// A Cloudflare Worker whose fetch handler is the package's proxy, as the README shows it. The
// environment (Logto's URL, the machine-to-machine app) comes from the Worker's bindings. Under
// /org/logto, a second proxy takes its scope and authorization from the caller's Logto
// organization token (organizationTokenAuthorization: WebCrypto in workerd).
import { clientCredentials, createInvitationsProxy, organizationTokenAuthorization } from "logto-invitations/server";

let proxy;
let byToken;

export default {
  fetch(request, env) {
    const getAccessToken = clientCredentials({ endpoint: env.LOGTO_ENDPOINT, appId: env.LOGTO_M2M_APP_ID, appSecret: env.LOGTO_M2M_APP_SECRET });
    if (new URL(request.url).pathname.startsWith("/org/")) {
      byToken ??= createInvitationsProxy({
        endpoint: env.LOGTO_ENDPOINT,
        getAccessToken,
        prefix: "/org/logto",
        ...organizationTokenAuthorization({
          endpoint: env.LOGTO_ENDPOINT,
          appIds: ["compat-org-app"],
          machineToMachine: true, // the test server's tokens for an organization it creates are an app's
          permissions: {
            listOrganizationInvitations: "read:invitation",
            getOrganizationInvitation: "read:invitation",
            createOrganizationInvitation: "invite:member",
            createOrganizationInvitationMessage: "invite:member",
            replaceOrganizationInvitationStatus: "manage:invitation",
            deleteOrganizationInvitation: "manage:invitation",
          },
        }),
      });
      return byToken(request);
    }
    proxy ??= createInvitationsProxy({
      endpoint: env.LOGTO_ENDPOINT,
      getAccessToken,
      // The app's own session check; this test Worker trusts a header its test sends.
      authorize: (request) => request.headers.get("x-test-session") === "admin",
      allow: ["GET /api/organizations"],
    });
    return proxy(request);
  },
};
