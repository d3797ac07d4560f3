import { Badge, type BadgeTone, type Column, EmptyState, Table } from "@/components/ui";
import { formatUtc } from "@/domain/relative-time";
import type { TokenState } from "@/domain/token-state";
import type { TokenListRow } from "@/server/services/token-list";
import { ActorName } from "../actor-name";
import { When } from "../when";
import { RevokeTokenButton } from "./revoke-token-button";

const STATE_TONE: Record<TokenState, BadgeTone> = { active: "success", expired: "warning", revoked: "danger" };

function columns(now: Date): Column<TokenListRow>[] {
  return [
    {
      key: "name",
      header: "Name",
      cell: (t) => (
        <span className="font-medium" data-testid="token-name-cell">
          {t.name}
        </span>
      ),
    },
    { key: "prefix", header: "Prefix", cell: (t) => <span className="font-mono text-xs">{t.displayPrefix}…</span> },
    {
      key: "scopes",
      header: "Scopes",
      cell: (t) => (
        <span className="flex flex-wrap gap-1">
          {t.scopes.map((scope) => (
            <Badge key={scope}>{scope}</Badge>
          ))}
        </span>
      ),
    },
    {
      key: "restriction",
      header: "Restriction",
      cell: (t) => (
        <span data-testid="token-restriction">
          {t.appSlug ? (
            <span className="font-mono">
              {t.appSlug}
              {t.channel ? ` / ${t.channel}` : ""}
            </span>
          ) : (
            "all apps"
          )}
        </span>
      ),
    },
    { key: "creator", header: "Created by", cell: (t) => <ActorName actor={t.creator} /> },
    { key: "used", header: "Last used", cell: (t) => (t.lastUsedAt ? <When date={t.lastUsedAt} now={now} /> : "never") },
    {
      key: "expires",
      header: "Expires",
      cell: (t) => (t.expiresAt ? <When date={t.expiresAt} now={now} /> : "never"),
    },
    {
      key: "state",
      header: "State",
      cell: (t) => (
        <Badge tone={STATE_TONE[t.state]} data-testid="token-state" title={t.revokedAt ? `Revoked ${formatUtc(t.revokedAt)}` : undefined}>
          {t.state}
        </Badge>
      ),
    },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      cell: (t) => (t.state === "active" ? <RevokeTokenButton id={t.id} name={t.name} /> : null),
    },
  ];
}

/** The token list; on the first page with no tokens, what tokens are for and where to make one. */
export function TokenTable({ rows, now, firstPage }: { rows: TokenListRow[]; now: Date; firstPage: boolean }) {
  return (
    <Table
      columns={columns(now)}
      rows={rows}
      rowKey={(t) => t.id}
      caption="API tokens"
      rowTestId={() => "token-row"}
      data-testid="token-list"
      empty={
        firstPage ? (
          <EmptyState
            data-testid="tokens-empty"
            title="No API tokens yet"
            description="A token lets a CI job or script publish builds, promote channels or read releases without a password, limited to the scopes, app and channel you pick. Create one with the form above; its secret is shown once."
            action={
              <a href="#new-token" className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                Go to the form
              </a>
            }
          />
        ) : (
          <EmptyState title="No more tokens" description="This page is past the end of the list." />
        )
      }
    />
  );
}
