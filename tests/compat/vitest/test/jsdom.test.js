// @vitest-environment jsdom
// A dashboard's unit test in Vitest's "jsdom" environment: the package with no init step.
import { expect, test } from "vitest";
import { LogtoApiError, OrganizationInvitationsApi, init, isLogtoApiError } from "logto-invitations";
import { exercise } from "../exercise.js";

test("the package works in the jsdom environment", async () => {
  const result = await exercise({ OrganizationInvitationsApi, LogtoApiError, isLogtoApiError, init }, { api: process.env.LOGTO_URL, refused: process.env.REFUSED_URL });
  console.log(`[jsdom] refused connection: ${result.notes.refusedMessage}`);
  expect(result.steps.filter((step) => !step.ok)).toEqual([]);
  expect(result.steps.length).toBeGreaterThan(10);
});

test("a dashboard can stand in a LogtoApiError for a failed call (jsdom)", async () => {
  const api = new OrganizationInvitationsApi({ baseUrl: "https://auth.example.com" });
  api.getOrganizationInvitation = () => Promise.reject(new LogtoApiError("The resource does not exist.", { kind: "http", status: 404, attempts: 1 }));
  const error = await api.getOrganizationInvitation("x").catch((e) => e);
  expect(error).toBeInstanceOf(LogtoApiError);
  expect(isLogtoApiError(error) && error.kind === "http" && error.status).toBe(404);
});
