"use client";

import { usePathname } from "next/navigation";

/**
 * "Sign in" that comes back to the page the visitor asked for. Not-found pages get no params, and
 * the path is all it needs: the usePathname hook gives it on the server render too, so the link
 * works without JavaScript.
 */
export function SignInLink() {
  const path = usePathname();
  return (
    <a href={`/login?callbackUrl=${encodeURIComponent(path)}`} className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 font-semibold text-white" data-testid="sign-in">
      Sign in
    </a>
  );
}
