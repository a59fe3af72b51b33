// The package's proxy as a Next.js route handler (App Router, Node.js runtime), as the README's
// "Production" section shows it: every /logto/... request goes to createInvitationsProxy, which
// forwards only the organization-invitation operations (and the allowed lookup) to Logto with a
// client-credentials token. Logto's URL and the app's credentials come from the environment.
import { clientCredentials, createInvitationsProxy, type InvitationsProxy } from "logto-invitations/server";

export const dynamic = "force-dynamic";

let proxy: InvitationsProxy | undefined;

function handler(request: Request): Promise<Response> {
  // Created on first use: `next build` loads this module without the runtime environment.
  proxy ??= createInvitationsProxy({
    endpoint: process.env.LOGTO_ENDPOINT ?? "",
    getAccessToken: clientCredentials({
      endpoint: process.env.LOGTO_ENDPOINT ?? "",
      appId: process.env.LOGTO_M2M_APP_ID ?? "",
      appSecret: process.env.LOGTO_M2M_APP_SECRET ?? "",
    }),
    // The app's own session check; this test app trusts a header its test sends.
    authorize: (request) => request.headers.get("x-test-session") === "admin",
    allow: ["GET /api/organizations"],
  });
  return proxy(request);
}

export { handler as GET, handler as POST, handler as PUT, handler as DELETE };
