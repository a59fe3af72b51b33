// This test app's stand-in for an app's own session (the READMEs' Hono recipe imports it): a
// request is an admin's when it carries the header its test sends.
export const isAdminSession = (request) => request.headers.get("x-test-session") === "admin";
