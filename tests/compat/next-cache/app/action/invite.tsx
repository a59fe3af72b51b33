"use client";
// Calls the server action of app/actions.ts (the READMEs' recipe) from the browser, as a form
// would: once with a new invitee, once with one Logto refuses.
import { useEffect, useState } from "react";
import { inviteMember } from "../actions";

type Step = { name: string; ok: boolean; detail: string };

export function Invite() {
  const [state, setState] = useState("running");
  useEffect(() => {
    void (async () => {
      const steps: Step[] = [];
      const check = (name: string, ok: boolean, detail: unknown = "") => steps.push({ name, ok, detail: JSON.stringify(detail) });
      const org = new URLSearchParams(window.location.search).get("org") ?? "";
      const refused = await inviteMember(org, `action-${Date.now()}@example.com`);
      check("without the session the action refuses", !refused.ok && refused.message === "Not allowed", refused);
      document.cookie = "test_session=admin; path=/";
      const created = await inviteMember(org, `action-${Date.now()}@example.com`);
      check("the action creates an invitation with a client-credentials token", created.ok && created.status === "Pending", created);
      const invalid = await inviteMember(org, "not-an-email");
      check("Logto's refusal comes back as the action's answer (400)", !invalid.ok && "status" in invalid && invalid.status === 400 && typeof invalid.message === "string", invalid);
      (window as { __result?: unknown }).__result = { steps, created: created.ok ? created.id : undefined };
      setState(steps.every((step) => step.ok) ? "ok" : "failed");
    })();
  }, []);
  return <p id="state">{state}</p>;
}
