import type { ReactNode } from "react";
import { preload } from "react-dom";
import wasmUrl from "logto-invitations/wasm-url";

export default function RootLayout({ children }: { children: ReactNode }) {
  // Starts the .wasm's download with the page, not at the first `new OrganizationInvitationsApi`.
  preload(wasmUrl, { as: "fetch", crossOrigin: "anonymous" });
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
