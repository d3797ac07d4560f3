import { Button } from "@/components/ui";
import { signInWithSsoAction } from "./sso-action";

/** "Sign in with <name>" above the password form; the page renders it only when SSO is configured. */
export function SsoButton({ name, callbackUrl }: { name: string; callbackUrl: string }) {
  return (
    <form action={signInWithSsoAction} className="flex flex-col gap-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Button type="submit" variant="secondary" data-testid="sso-sign-in">
        Sign in with {name}
      </Button>
      <p className="flex items-center gap-3 text-xs text-slate-500 before:h-px before:flex-1 before:bg-slate-200 after:h-px after:flex-1 after:bg-slate-200 dark:text-slate-400 dark:before:bg-slate-800 dark:after:bg-slate-800">
        or with your password
      </p>
    </form>
  );
}
