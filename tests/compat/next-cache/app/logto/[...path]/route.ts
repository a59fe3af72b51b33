import { clientCredentials, createInvitationsProxy, type InvitationsProxy } from "logto-invitations/server";
import { getSession } from "@/lib/session"; // your app's own session

let proxy: InvitationsProxy | undefined;

function handler(request: Request): Promise<Response> {
  // Created on first use: `next build` loads this module without the runtime environment.
  proxy ??= createInvitationsProxy({
    endpoint: process.env.LOGTO_ENDPOINT!,
    getAccessToken: clientCredentials({
      endpoint: process.env.LOGTO_ENDPOINT!,
      appId: process.env.LOGTO_M2M_APP_ID!,
      appSecret: process.env.LOGTO_M2M_APP_SECRET!,
      // resource: "https://<tenant-id>.logto.app/api", // Logto Cloud
    }),
    authorize: async (request, operation) => (await getSession(request))?.isAdmin === true,
    allow: ["GET /api/organizations", "GET /api/organization-roles", "GET /api/users"],
  });
  return proxy(request);
}

export { handler as GET, handler as POST, handler as PUT, handler as DELETE };
