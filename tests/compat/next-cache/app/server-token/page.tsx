// Issue 20, item 1, with a server-side token: a server component that awaits cookies(), then
// lists invitations with a client-credentials token (`logto-invitations/server`). The token's
// cache must read no unstable value either (Next.js reports Date.now() read while prerendering).
import { Suspense } from "react";
import { cookies } from "next/headers";
import { OrganizationInvitationsApi } from "logto-invitations";
import { clientCredentials } from "logto-invitations/server";

let api: OrganizationInvitationsApi | undefined;

async function Invitations() {
  await cookies();
  api ??= new OrganizationInvitationsApi({
    baseUrl: process.env.LOGTO_ENDPOINT!,
    getAccessToken: clientCredentials({
      endpoint: process.env.LOGTO_ENDPOINT!,
      appId: process.env.LOGTO_M2M_APP_ID!,
      appSecret: process.env.LOGTO_M2M_APP_SECRET!,
    }),
  });
  const invitations = await api.listOrganizationInvitations();
  return <p id="count">{invitations.length} invitations listed with a client-credentials token</p>;
}

export default function Page() {
  return (
    <Suspense fallback={<p>loading</p>}>
      <Invitations />
    </Suspense>
  );
}
