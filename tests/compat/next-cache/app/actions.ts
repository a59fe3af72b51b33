"use server";
import { LogtoApiError, OrganizationInvitationsApi } from "logto-invitations";
import { clientCredentials } from "logto-invitations/server";
import { isAdmin } from "@/lib/session"; // your app's own session check

let api: OrganizationInvitationsApi | undefined;

export async function inviteMember(organizationId: string, invitee: string) {
  if (!(await isAdmin())) return { ok: false as const, message: "Not allowed" };
  // Created on first use: `next build` loads this module without the runtime environment.
  api ??= new OrganizationInvitationsApi({
    baseUrl: process.env.LOGTO_ENDPOINT!, // Logto itself, e.g. https://<tenant-id>.logto.app
    getAccessToken: clientCredentials({
      endpoint: process.env.LOGTO_ENDPOINT!,
      appId: process.env.LOGTO_M2M_APP_ID!,
      appSecret: process.env.LOGTO_M2M_APP_SECRET!,
    }),
  });
  try {
    const invitation = await api.createOrganizationInvitation({
      invitee,
      organizationId,
      expiresAt: Date.now() + 7 * 86_400_000,
      messagePayload: false,
    });
    return { ok: true as const, id: invitation.id, status: invitation.status };
  } catch (error) {
    // Safe to show: a LogtoApiError's message never holds the secret or a token.
    if (error instanceof LogtoApiError) return { ok: false as const, message: error.message, status: error.status };
    throw error;
  }
}
