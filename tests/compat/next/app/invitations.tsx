"use client";
// A client component: the package runs in the browser (and is imported during server rendering).
import { useEffect, useState } from "react";
import { LogtoApiError, OrganizationInvitationsApi, init, isLogtoApiError } from "logto-invitations";
import { exercise } from "../exercise.js";

declare global {
  interface Window {
    __result?: unknown;
  }
}

export function Invitations() {
  const [state, setState] = useState("running");
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    void exercise(
      { OrganizationInvitationsApi, LogtoApiError, isLogtoApiError, init },
      { api: params.get("api") ?? window.location.origin, refused: params.get("refused") },
    ).then((result: { steps: { ok: boolean }[] }) => {
      window.__result = result;
      setState(result.steps.every((step) => step.ok) ? "ok" : "failed");
    });
  }, []);
  return <p id="state">{state}</p>;
}
