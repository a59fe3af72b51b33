// Bulk invite: many addresses, one organization, roles, inviter and expiry. At most `concurrency`
// creates in flight; cancelling stops what has not started (what is in flight finishes and is
// reported, since Logto may already have acted); nothing is retried, since a repeated create
// could invite twice (the package itself never repeats a POST either).
import type { OrganizationInvitation } from "logto-invitations";
import { classifyCreateFailure, errorFacts, type CreateFailure } from "./answers";
import { createInvitation, type InvitationBody, type InvitationEmailClient } from "./invitation-email";

/** The addresses found in pasted text. */
export interface ParsedAddresses {
  /** Each address once, first spelling kept, in the order pasted. */
  addresses: string[];
  /** How many entries were pasted (duplicates included). */
  entries: number;
  /** The later spellings folded into an earlier one (compared ignoring case, as Logto does). */
  duplicates: string[];
}

/**
 * Splits pasted text on commas, semicolons, spaces and new lines; strips `<...>` and quotes
 * around an entry (`"Ana" <ana@example.com>` pastes as two entries: `Ana` and the address);
 * folds duplicates ignoring case. Syntax is not checked here: that is Logto's answer.
 */
export function parseAddresses(text: string): ParsedAddresses {
  const addresses: string[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  let entries = 0;
  for (const raw of text.split(/[\s,;]+/u)) {
    const entry = raw.replace(/^[<"'(]+|[>"')]+$/gu, "");
    if (entry === "") continue;
    entries += 1;
    const key = entry.toLowerCase();
    if (seen.has(key)) {
      duplicates.push(entry);
      continue;
    }
    seen.add(key);
    addresses.push(entry);
  }
  return { addresses, entries, duplicates };
}

/**
 * Runs `work` on every item with at most `concurrency` calls in flight, in order. Once `signal`
 * aborts, no further item starts; calls already started run to their end. Resolves when every
 * started call has settled; `work` must not reject (catch inside it).
 */
export async function runLimited<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal,
  work: (item: T, index: number) => Promise<void>,
): Promise<{ started: number }> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !signal.aborted) {
      const index = next;
      next += 1;
      await work(items[index] as T, index);
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane);
  await Promise.all(lanes);
  return { started: next };
}

/**
 * The outcome for one address. `email_not_sent`: the invitation exists, but its email was not
 * sent (Logto's answer to the send, e.g. 501 or 429, in `status`, `code`, `message`).
 */
export type BulkOutcome = "created" | "email_not_sent" | Exclude<CreateFailure, "expiry_not_in_future"> | "cancelled";

/** One address's result, with Logto's answer when there was one. */
export interface BulkResult {
  address: string;
  outcome: BulkOutcome;
  /** The new invitation (`created`, `email_not_sent`). */
  invitation?: OrganizationInvitation;
  /** The link the email carries (or was to carry). */
  link?: string;
  /** Logto's message (or the package's, without an HTTP answer). */
  message?: string;
  status?: number;
  code?: string;
  requestId?: string;
}

/** What every invitation of a bulk run shares (the email is sent afterwards, with its own link). */
export type BulkTemplate = Omit<InvitationBody, "invitee">;

export interface BulkOptions {
  /** At most this many creates in flight (default 4). */
  concurrency?: number;
  /** Aborting stops what has not started. */
  signal: AbortSignal;
  /** Per-call time limit passed to the package. */
  timeoutMs?: number;
  /** Send each new invitation its email with this link (null: no emails). */
  link: ((id: string) => string) | null;
  /** Called as each address settles (and for each one never started, once the run ends). */
  onResult?: (result: BulkResult, index: number) => void;
}

/** Result of a create failure, classified from Logto's answer. */
export function failureResult(address: string, error: unknown): BulkResult {
  const failure = classifyCreateFailure(error);
  const facts = errorFacts(error);
  const result: BulkResult = {
    address,
    // A past expiry is the run's setting, not the address's: report it as refused.
    outcome: failure === "expiry_not_in_future" ? "refused" : failure,
    message: facts?.message ?? (error instanceof Error ? error.message : String(error)),
  };
  if (facts?.status !== undefined) result.status = facts.status;
  if (facts?.code !== undefined) result.code = facts.code;
  if (facts?.requestId !== undefined) result.requestId = facts.requestId;
  return result;
}

/** The result of a new invitation whose email failed: the invitation, and the send's answer. */
export function emailFailureResult(address: string, invitation: OrganizationInvitation, link: string, error: unknown): BulkResult {
  const facts = errorFacts(error);
  const result: BulkResult = {
    address,
    outcome: "email_not_sent",
    invitation,
    link,
    message: facts?.message ?? (error instanceof Error ? error.message : String(error)),
  };
  if (facts?.status !== undefined) result.status = facts.status;
  if (facts?.code !== undefined) result.code = facts.code;
  if (facts?.requestId !== undefined) result.requestId = facts.requestId;
  return result;
}

/**
 * Invites every address with the same template, each create followed by its email (when
 * `options.link` is given); resolves with one result per address.
 */
export async function bulkInvite(
  client: InvitationEmailClient,
  addresses: readonly string[],
  template: BulkTemplate,
  options: BulkOptions,
): Promise<BulkResult[]> {
  const results: (BulkResult | undefined)[] = addresses.map(() => undefined);
  const settle = (result: BulkResult, index: number): void => {
    results[index] = result;
    options.onResult?.(result, index);
  };
  const callOptions = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  await runLimited(addresses, options.concurrency ?? 4, options.signal, async (address, index) => {
    try {
      // No signal here: a create in flight is never aborted (Logto may already have acted).
      const { invitation, email } = await createInvitation(client, { ...template, invitee: address }, options.link, callOptions);
      if (email.outcome === "failed") settle(emailFailureResult(address, invitation, email.link, email.error), index);
      else settle({ address, outcome: "created", invitation, ...(email.outcome === "sent" ? { link: email.link } : {}) }, index);
    } catch (error) {
      settle(failureResult(address, error), index);
    }
  });
  return addresses.map((address, index) => {
    const result = results[index];
    if (result !== undefined) return result;
    const cancelled: BulkResult = { address, outcome: "cancelled", message: "Not sent: the run was cancelled before it started." };
    options.onResult?.(cancelled, index);
    return cancelled;
  });
}

/** Counts per outcome, in a stable order. */
export function tally(results: readonly (BulkResult | undefined)[]): Record<BulkOutcome, number> {
  const counts: Record<BulkOutcome, number> = {
    created: 0,
    email_not_sent: 0,
    already_pending: 0,
    already_member: 0,
    not_an_email: 0,
    rate_limited: 0,
    no_answer: 0,
    refused: 0,
    cancelled: 0,
  };
  for (const result of results) if (result !== undefined) counts[result.outcome] += 1;
  return counts;
}

/** How each outcome reads in the page. */
export const OUTCOME_LABELS: Readonly<Record<BulkOutcome, string>> = {
  created: "Invited",
  email_not_sent: "Invited; email not sent",
  already_pending: "Already has a pending invitation",
  already_member: "Already a member",
  not_an_email: "Not an email address",
  rate_limited: "Rate limited: not invited",
  no_answer: "No answer: check the list before trying again",
  refused: "Refused",
  cancelled: "Cancelled: not sent",
};
