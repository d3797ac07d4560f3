// Plain JavaScript on purpose: a .tsx file would make `next build` set up TypeScript in this folder.
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
