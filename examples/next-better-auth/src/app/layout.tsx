import type { ReactNode } from "react";

/** The root layout: the page has no other chrome. */
export default function RootLayout({ children }: { readonly children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
