import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import "./globals.css";

// Served from our own build (no font CDN): the variable Inter from @fontsource-variable/inter.
const inter = localFont({
  src: "../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
});

export const metadata: Metadata = {
  title: { default: "Shipyard", template: "%s · Shipyard" },
  description: "Install test builds of iOS, Android and desktop apps.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    // suppressHydrationWarning: the admin theme script adds .light/.dark to <html> before React hydrates.
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <body className="min-h-dvh bg-white font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">{children}</body>
    </html>
  );
}
