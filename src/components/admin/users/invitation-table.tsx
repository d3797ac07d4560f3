import { Badge, type BadgeTone, type Column, Table } from "@/components/ui";
import type { InvitationState } from "@/domain/invitation";
import type { PublicInvitation } from "@/server/services/invitations";
import { When } from "../when";
import { USER_ROLE_WORDS } from "./role-words";
import { RevokeInvitationButton } from "./user-actions";

const STATE_TONE: Record<InvitationState, BadgeTone> = { pending: "info", accepted: "success", revoked: "neutral", expired: "warning" };

function columns(now: Date): Column<PublicInvitation>[] {
  return [
    { key: "email", header: "Email", cell: (i) => <span className="font-medium">{i.email}</span> },
    { key: "role", header: "Role", cell: (i) => `${USER_ROLE_WORDS[i.role].label}${i.appRoles.length ? ` · ${i.appRoles.length} app${i.appRoles.length === 1 ? "" : "s"}` : ""}` },
    { key: "sent", header: "Invited", cell: (i) => <When date={i.createdAt} now={now} /> },
    { key: "expires", header: "Expires", cell: (i) => <When date={i.expiresAt} now={now} /> },
    {
      key: "state",
      header: "State",
      cell: (i) => (
        <Badge tone={STATE_TONE[i.state]} data-testid="invitation-state">
          {i.state}
        </Badge>
      ),
    },
    { key: "actions", header: <span className="sr-only">Actions</span>, cell: (i) => (i.state === "pending" ? <RevokeInvitationButton id={i.id} email={i.email} /> : null) },
  ];
}

export function InvitationTable({ rows, now }: { rows: PublicInvitation[]; now: Date }) {
  return (
    <Table
      columns={columns(now)}
      rows={rows}
      rowKey={(i) => i.id}
      caption="Invitations"
      rowTestId={() => "invitation-row"}
      empty={<p className="text-sm text-slate-600 dark:text-slate-400">No invitations yet.</p>}
    />
  );
}
