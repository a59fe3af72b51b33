// This test app's stand-in for an app's own session (the READMEs' `@/lib/session`): a request is
// an admin's when it carries the header `x-test-session: admin` or the cookie `test_session=admin`.
import { cookies } from "next/headers";

export async function getSession(request: Request): Promise<{ isAdmin: boolean } | undefined> {
  const cookie = request.headers.get("cookie") ?? "";
  const admin = request.headers.get("x-test-session") === "admin" || /(?:^|;\s*)test_session=admin(?:;|$)/.test(cookie);
  return admin ? { isAdmin: true } : undefined;
}

export async function isAdmin(): Promise<boolean> {
  return (await cookies()).get("test_session")?.value === "admin";
}
