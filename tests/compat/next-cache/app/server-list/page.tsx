// Issue 20, item 1: a server component that awaits cookies() (request-time data), then lists
// invitations with the package. Under cacheComponents, Next.js reports any unstable value
// (Date.now(), Math.random()) read while it prerenders; the package must read none on this path,
// also with a time limit and an onResponse hook (both measured with performance.now()).
import { Suspense } from "react";
import { cookies } from "next/headers";
import { OrganizationInvitationsApi } from "logto-invitations";

async function Invitations() {
  await cookies();
  let took = -1;
  const api = new OrganizationInvitationsApi({
    baseUrl: process.env.LOGTO_URL ?? "",
    accessToken: "dev-token",
    timeoutMs: 10_000,
    onResponse: ({ durationMs }) => {
      took = durationMs;
    },
  });
  const invitations = await api.listOrganizationInvitations();
  return <p id="count">{invitations.length} invitations listed on the server{took >= 0 ? " (timed)" : ""}</p>;
}

export default function Page() {
  return (
    <Suspense fallback={<p>loading</p>}>
      <Invitations />
    </Suspense>
  );
}
