import type { ReactNode } from "react";

export const metadata = { title: "compat: Next.js 16 with cacheComponents" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
