import type { Metadata } from "next";
import { InvitationTable } from "@/components/admin/users/invitation-table";
import { InviteUserForm } from "@/components/admin/users/invite-user-form";
import { UserTable } from "@/components/admin/users/user-table";
import { Pager, Section } from "@/components/ui";
import { serverContext } from "@/server/composition";
import { listInvitations } from "@/server/services/invitations";
import { listUsers } from "@/server/services/user-admin";
import { requireAdmin } from "../require-admin";

export const metadata: Metadata = { title: "Users" };

const PAGE_SIZE = 50;
/** The apps offered for roles: a team's apps, not a catalogue. */
const MAX_APPS = 200;

type Props = { searchParams: Promise<{ cursor?: string | string[] }> };

function cursorOf(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && value.length > 0 && value.length <= 100 ? value : undefined;
}

// GET /admin/users — invite people, give them roles on apps, disable, reset or delete them.
export default async function UsersPage({ searchParams }: Props) {
  const me = await requireAdmin();
  const cursor = cursorOf((await searchParams).cursor);
  const { store } = await serverContext();
  const now = new Date();
  const [users, invitations, apps] = await Promise.all([listUsers(store, { limit: PAGE_SIZE, cursor }), listInvitations(store, { limit: 20 }, now), store.apps.list({ limit: MAX_APPS })]);
  const appChoices = apps.items.map((a) => ({ id: a.id, slug: a.slug, displayName: a.displayName })).sort((a, b) => a.displayName.localeCompare(b.displayName));

  return (
    <div className="flex flex-col gap-10">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="max-w-2xl text-sm text-slate-600 dark:text-slate-400">
          Admins run everything. Members get a role per app: maintainers ship builds, viewers read the console, testers install the app's private builds.
        </p>
      </div>

      <Section id="invite" title="Invite someone" className="scroll-mt-4">
        <InviteUserForm apps={appChoices} />
      </Section>

      <Section title="Users" description="Newest first.">
        <UserTable rows={users.items} me={me.id} apps={appChoices} now={now} />
        <Pager
          label="User pages"
          first={cursor !== undefined ? { href: "/admin/users", label: "← Newest users" } : null}
          next={users.nextCursor ? { href: `/admin/users?cursor=${encodeURIComponent(users.nextCursor)}`, label: "Older users →" } : null}
        />
      </Section>

      <Section title="Invitations" description="The 20 newest. A link works once, until it expires.">
        <InvitationTable rows={invitations.items} now={now} />
      </Section>
    </div>
  );
}
