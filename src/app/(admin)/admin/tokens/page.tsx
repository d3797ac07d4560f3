import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/admin/tokens/create-token-form";
import { TokenTable } from "@/components/admin/tokens/token-table";
import { Pager, Section } from "@/components/ui";
import { env } from "@/env";
import { serverContext } from "@/server/composition";
import { listTokenRows } from "@/server/services/token-list";
import { redirect } from "next/navigation";
import { requireConsoleUser } from "../require-admin";
import { appsWhere } from "@/server/services/access";

export const metadata: Metadata = { title: "Tokens" };

const PAGE_SIZE = 50;

type Props = { searchParams: Promise<{ cursor?: string | string[] }> };

/** A cursor from the address bar, or none: a mangled one shows the first page rather than an error. */
function cursorOf(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && value.length > 0 && value.length <= 100 ? value : undefined;
}

// GET /admin/tokens — create API tokens (secret shown once, with CI snippets), list and revoke them.
export default async function TokensPage({ searchParams }: Props) {
  // Admins see every token; a maintainer the tokens restricted to the apps they maintain.
  const { user, maintainsSome } = await requireConsoleUser();
  if (!maintainsSome) redirect("/admin");
  const cursor = cursorOf((await searchParams).cursor);
  const now = new Date();
  const { store } = await serverContext();
  const maintained = await appsWhere(store, user, "maintainer");
  const page = await listTokenRows(store, { limit: PAGE_SIZE, cursor }, now, maintained === "all" ? undefined : maintained);

  return (
    <div className="flex flex-col gap-10">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">API tokens</h1>
        <p className="max-w-2xl text-sm text-slate-600 dark:text-slate-400">
          Tokens let CI jobs and scripts use the API and the <code className="font-mono">shipyard</code> CLI. Give each job its own token with only the scopes it needs, restricted to its app and
          channel where possible.
        </p>
      </div>

      <Section id="new-token" title="Create a token" className="scroll-mt-4">
        <CreateTokenForm publicUrl={env().publicUrl} isAdmin={user.role === "admin"} />
      </Section>

      <Section title="Tokens" description="Newest first. Revoked and expired tokens stay listed so their audit trail keeps a name.">
        <TokenTable rows={page.items} now={now} firstPage={cursor === undefined} />
        <Pager
          label="Token pages"
          first={cursor !== undefined ? { href: "/admin/tokens", label: "← Newest tokens", testId: "tokens-first-page" } : null}
          next={page.nextCursor ? { href: `/admin/tokens?cursor=${encodeURIComponent(page.nextCursor)}`, label: "Older tokens →", testId: "tokens-next-page" } : null}
        />
      </Section>
    </div>
  );
}
