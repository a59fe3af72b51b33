"use client";
// Issue 20, item 2: a client component's module creates its client at module level with a path
// as baseUrl. `next build` prerenders this page on the server, where there is no page location:
// the constructor must not throw there; a call made there rejects. In the browser the calls go
// through the proxy route (app/logto/[...path]/route.ts).
import { useEffect, useState } from "react";
import { LogtoApiError, OrganizationInvitationsApi } from "logto-invitations";

const api = new OrganizationInvitationsApi({ baseUrl: "/logto", headers: { "x-test-session": "admin" } });

declare global {
  interface Window {
    __result?: unknown;
  }
}

type Step = { name: string; ok: boolean; detail: string };

export function Invitations() {
  const [state, setState] = useState("running");
  useEffect(() => {
    void (async () => {
      const steps: Step[] = [];
      const check = (name: string, ok: boolean, detail: unknown = "") => steps.push({ name, ok, detail: String(detail) });
      check("the module-level client's baseUrl", api.baseUrl === "/logto", api.baseUrl);
      try {
        const list = await api.listOrganizationInvitations();
        check("list through the proxy route", Array.isArray(list), list.length);
        const created = await api.createOrganizationInvitation({ invitee: `next-cache-${Date.now()}@example.com`, organizationId: new URLSearchParams(window.location.search).get("org") ?? "", expiresAt: Date.now() + 86_400_000 });
        check("create through the proxy route", created.status === "Pending", created.status);
        await api.deleteOrganizationInvitation(created.id);
        const gone = await api.getOrganizationInvitation(created.id).catch((e: unknown) => e);
        check("delete, then 404 entity.not_found", gone instanceof LogtoApiError && gone.kind === "http" && gone.status === 404 && gone.code === "entity.not_found", gone instanceof LogtoApiError ? gone.message : gone);
      } catch (error) {
        check("calls through the proxy route", false, error instanceof Error ? error.message : error);
      }
      window.__result = { steps };
      setState(steps.every((step) => step.ok) ? "ok" : "failed");
    })();
  }, []);
  return <p id="state">{state}</p>;
}
