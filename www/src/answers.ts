// Reading Logto's answers. The package checks only types; Logto decides what is valid (email
// syntax, an expiry in the future, one Pending invitation per invitee and organization, status
// changes). These helpers classify a rejection from what Logto answered: the `LogtoApiError`'s
// `kind`, `status`, `code` and `data` (a ZodError for `guard.invalid_input`).
import type { LogtoApiError } from "logto-invitations";

/** The members of a `LogtoApiError` that classification reads. */
export type ErrorFacts = Pick<LogtoApiError, "kind" | "message" | "status" | "code" | "data" | "field" | "requestId">;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * The error's facts when it is a `LogtoApiError` (read structurally, so this works before the
 * WebAssembly module is loaded and in unit tests); `null` for anything else.
 */
export function errorFacts(error: unknown): ErrorFacts | null {
  if (!isRecord(error) || error.name !== "LogtoApiError" || typeof error.kind !== "string") return null;
  return error as unknown as ErrorFacts;
}

/** One issue of a ZodError in Logto's `data`. */
export interface ValidationIssue {
  /** The key path, e.g. `["invitee"]`. */
  path: (string | number)[];
  /** Zod's message, e.g. `"Invalid email"`. */
  message: string;
}

/** The issues of a `guard.invalid_input` answer (`data: { name: "ZodError", issues: [...] }`). */
export function validationIssues(facts: ErrorFacts): ValidationIssue[] {
  if (facts.kind !== "http" || facts.code !== "guard.invalid_input" || !isRecord(facts.data)) return [];
  const issues = facts.data.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue: unknown) => {
    if (!isRecord(issue) || !Array.isArray(issue.path)) return [];
    const path = issue.path.filter((p): p is string | number => typeof p === "string" || typeof p === "number");
    return [{ path, message: typeof issue.message === "string" ? issue.message : "" }];
  });
}

/** What a failed `createOrganizationInvitation` means, read from Logto's answer. */
export type CreateFailure =
  | "already_pending" // 422 entity.unique_integrity_violation: a Pending one exists for this invitee and organization
  | "already_member" // 422 request.invalid_input: the invitee is already a member
  | "not_an_email" // 400 guard.invalid_input with an issue at ["invitee"]
  | "expiry_not_in_future" // 400 request.invalid_input: `expiresAt` must be in the future
  | "rate_limited" // 429 request.message_rate_limited: too many emails to this recipient
  | "no_answer" // no HTTP answer (network, timeout) or an unreadable 2xx: Logto may have acted
  | "refused"; // anything else Logto (or the package) refused

/** Classifies a rejection of `createOrganizationInvitation`. */
export function classifyCreateFailure(error: unknown): CreateFailure {
  const facts = errorFacts(error);
  if (facts === null) return "refused";
  switch (facts.kind) {
    case "network":
    case "timeout":
    case "decode":
      return "no_answer";
    case "http":
      break;
    default:
      return "refused";
  }
  if (facts.status === 422 && facts.code === "entity.unique_integrity_violation") return "already_pending";
  if (facts.status === 422 && facts.code === "request.invalid_input") return "already_member";
  if (facts.status === 400 && validationIssues(facts).some((issue) => issue.path[0] === "invitee")) return "not_an_email";
  if (facts.status === 400 && facts.code === "request.invalid_input") return "expiry_not_in_future";
  if (facts.status === 429) return "rate_limited";
  return "refused";
}

/**
 * The form field an answer is about, so the page can mark it (`aria-invalid`) next to Logto's
 * message: from the ZodError's paths, or from what the create answer means.
 */
export function fieldsAtFault(error: unknown): Map<string, string> {
  const fields = new Map<string, string>();
  const facts = errorFacts(error);
  if (facts === null) return fields;
  for (const issue of validationIssues(facts)) {
    const key = issue.path[0];
    if (typeof key === "string" && !fields.has(key)) fields.set(key, issue.message);
  }
  if (facts.kind === "invalid_input" && facts.field !== undefined) fields.set(facts.field, facts.message);
  return fields;
}
