"use client";

import { Badge, type BadgeTone, type Column, EmptyState, Table } from "@/components/ui";
import { type PublicShareLink, shareLinkState, type ShareLinkState } from "@/domain/share-link";
import { RevokeShareLink } from "./revoke-share-link";
import { When } from "./when";

const STATE_TONE: Record<ShareLinkState, BadgeTone> = { active: "success", exhausted: "warning", expired: "warning", revoked: "danger" };

/** One app's share links: who they are for, their use against the cap, expiry and state, and revoke. */
export function ShareLinkTable({ appId, links, onChange }: { appId: string; links: PublicShareLink[]; onChange: () => void }) {
  const now = new Date();
  const rows = links.map((link) => ({ link, state: shareLinkState(link, now) }));
  const columns: Column<(typeof rows)[number]>[] = [
    { key: "name", header: "Name", cell: ({ link }) => <span className="font-medium">{link.name}</span> },
    { key: "prefix", header: "Link", cell: ({ link }) => <span className="font-mono text-xs">{link.displayPrefix}…</span> },
    {
      key: "installs",
      header: "Installs",
      cell: ({ link }) => (
        <span className="tabular-nums" data-testid="share-link-installs">
          {link.installCount}
          {link.maxInstalls !== null ? ` of ${link.maxInstalls}` : ""}
        </span>
      ),
    },
    { key: "expires", header: "Expires", cell: ({ link }) => (link.expiresAt ? <When date={link.expiresAt} now={now} /> : "never") },
    {
      key: "state",
      header: "State",
      cell: ({ state }) => (
        <Badge tone={STATE_TONE[state]} data-testid="share-link-state">
          {state}
        </Badge>
      ),
    },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      cell: ({ link, state }) => (state !== "revoked" ? <RevokeShareLink appId={appId} id={link.id} name={link.name} onRevoked={onChange} /> : null),
    },
  ];

  return (
    <Table
      columns={columns}
      rows={rows}
      rowKey={({ link }) => link.id}
      caption="Share links"
      rowTestId={() => "share-link-row"}
      rowData={({ state }) => ({ "data-state": state })}
      data-testid="share-link-list"
      empty={
        <EmptyState
          data-testid="share-links-empty"
          title="No share links yet"
          description="Create one above to let someone without an account install this app. You can cap its installs and revoke it at any time."
        />
      }
    />
  );
}
