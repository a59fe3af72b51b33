// Shows an error exactly as the package reports it: HTTP status, Logto's code, its message,
// details, the request ID, or for failures without a response the kind (network, timeout, ...).
import { isLogtoApiError } from "logto-invitations";
import { LookupError } from "./lookups";
import { el } from "./dom";

interface Facts {
  message: string;
  kind: string;
  status: number | undefined;
  code: string | undefined;
  requestId: string | undefined;
  details: string | undefined;
  field: string | undefined;
}

function factsOf(error: unknown): Facts {
  if (isLogtoApiError(error)) {
    return {
      message: error.message,
      kind: error.kind,
      status: error.status,
      code: error.code,
      requestId: error.requestId,
      details: error.details,
      field: error.field,
    };
  }
  if (error instanceof LookupError) {
    return {
      message: error.message,
      kind: error.kind,
      status: error.status,
      code: error.code,
      requestId: error.requestId,
      details: undefined,
      field: undefined,
    };
  }
  return {
    message: error instanceof Error ? error.message : String(error),
    kind: "unexpected",
    status: undefined,
    code: undefined,
    requestId: undefined,
    details: undefined,
    field: undefined,
  };
}

function hintFor(facts: Facts): string | null {
  if (facts.kind === "network" && !facts.message.includes("CORS")) {
    return "No HTTP response reached the page. Check the base URL in Connection. A production Logto refuses cross-origin (CORS) requests: call it through a same-origin proxy such as /logto.";
  }
  if (facts.kind === "network") {
    return "Check the base URL in Connection.";
  }
  if (facts.status === 401 || facts.status === 403) {
    return "Check the access token in Connection (or the token your proxy adds).";
  }
  return null;
}

/** Whether the error is the package's "aborted" (a superseded request): nothing to show. */
export function isAbort(error: unknown): boolean {
  if (isLogtoApiError(error)) return error.kind === "aborted";
  return error instanceof DOMException && error.name === "AbortError";
}

/** Something the person can do about an error (a button in its panel). */
export interface ErrorAction {
  label: string;
  run: () => void;
}

/** One error panel (role="alert") with a dismiss button, and the action offered, if any. */
export function errorPanel(title: string, error: unknown, onDismiss: () => void, action?: ErrorAction): HTMLElement {
  const facts = factsOf(error);
  const list = el("dl", { class: "error-facts" });
  const fact = (term: string, value: string, asCode = false): void => {
    list.append(el("div", {}, el("dt", {}, term), el("dd", {}, asCode ? el("code", {}, value) : value)));
  };
  if (facts.status !== undefined) fact("HTTP status", String(facts.status));
  if (facts.kind !== "http") fact("Kind", facts.kind, true);
  if (facts.code !== undefined) fact("Logto code", facts.code, true);
  if (facts.field !== undefined) fact("Field", facts.field, true);
  if (facts.details !== undefined && facts.details !== "") fact("Details", facts.details);
  if (facts.requestId !== undefined) fact("Request ID", facts.requestId, true);

  const dismiss = el("button", { type: "button", class: "btn-icon", "aria-label": "Dismiss this error" }, "×");
  dismiss.addEventListener("click", onDismiss);
  const hint = hintFor(facts);
  let actionButton: HTMLElement | null = null;
  if (action !== undefined) {
    actionButton = el("button", { type: "button", class: "btn btn-small" }, action.label);
    actionButton.addEventListener("click", action.run);
  }
  return el(
    "div",
    { class: "error", role: "alert" },
    el("div", { class: "error-head" }, el("strong", {}, title), dismiss),
    el("p", { class: "error-message" }, facts.message),
    list,
    hint === null ? null : el("p", { class: "error-hint" }, hint),
    actionButton === null ? null : el("p", { class: "error-actions" }, actionButton),
  );
}
