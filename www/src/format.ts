// Times in human terms: "expires in 6 days", "expired 2 hours ago".
import type { OrganizationInvitation } from "logto-invitations";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "always" });
const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** "in 6 days", "2 hours ago", "in 3 months", "just now". */
export function relativeTime(at: number, now: number): string {
  const diff = at - now;
  const abs = Math.abs(diff);
  const sign = diff < 0 ? -1 : 1;
  if (abs < MINUTE) return diff < 0 ? "just now" : "in less than a minute";
  const units: [Intl.RelativeTimeFormatUnit, number, number][] = [
    // unit, its length, the smallest span shown in it
    ["year", 365 * DAY, 365 * DAY],
    ["month", 30 * DAY, 60 * DAY],
    ["day", DAY, DAY],
    ["hour", HOUR, HOUR],
    ["minute", MINUTE, MINUTE],
  ];
  for (const [unit, length, from] of units) {
    if (abs >= from) return relativeFormat.format(sign * Math.round(abs / length), unit);
  }
  return relativeFormat.format(sign * Math.round(abs / MINUTE), "minute");
}

export function absoluteTime(at: number): string {
  return dateFormat.format(new Date(at));
}

export interface ExpiryText {
  text: string;
  title: string;
  tone: "normal" | "soon" | "past" | "done";
}

/** What the Expiry column says for an invitation. */
export function expiryText(invitation: OrganizationInvitation, now: number): ExpiryText {
  const title = `Expires ${absoluteTime(invitation.expiresAt)}`;
  switch (invitation.status) {
    case "Accepted":
      return { text: `accepted ${relativeTime(invitation.updatedAt, now)}`, title, tone: "done" };
    case "Revoked":
      return { text: `revoked ${relativeTime(invitation.updatedAt, now)}`, title, tone: "done" };
    case "Expired":
    case "Pending":
      if (invitation.expiresAt <= now) {
        return { text: `expired ${relativeTime(invitation.expiresAt, now)}`, title, tone: "past" };
      }
      return {
        text: `expires ${relativeTime(invitation.expiresAt, now)}`,
        title,
        tone: invitation.expiresAt - now < DAY ? "soon" : "normal",
      };
  }
}
