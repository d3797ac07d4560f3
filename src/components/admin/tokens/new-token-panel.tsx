"use client";

import { useEffect, useMemo, useRef } from "react";
import { Badge, Button, Card } from "@/components/ui";
import { ciSnippets } from "@/domain/ci-snippets";
import type { TokenScope } from "@/domain/token";
import { CiSnippetTabs } from "./ci-snippet-tabs";
import { CopyField } from "./copy-field";

export interface CreatedTokenView {
  name: string;
  secret: string;
  scopes: TokenScope[];
  appSlug: string | null;
  channel: string | null;
}

/** The one and only view of a new token's secret, with the CI configuration that uses it. */
export function NewTokenPanel({ created, publicUrl, onDone }: { created: CreatedTokenView; publicUrl: string; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The secret is not an input: the snippets reference the CI's secret variable instead.
  const snippets = useMemo(() => ciSnippets({ publicUrl, app: created.appSlug, channel: created.channel, scopes: created.scopes }), [publicUrl, created.appSlug, created.channel, created.scopes]);
  // Focus moves here when the form is replaced, so keyboard and screen-reader users land on the result.
  useEffect(() => heading.current?.focus(), []);

  return (
    <div className="flex flex-col gap-5" data-testid="new-token">
      <div className="flex flex-col gap-1">
        <h3 ref={heading} tabIndex={-1} className="text-base font-semibold focus:outline-none">
          Token “{created.name}” created
        </h3>
        <p className="flex flex-wrap items-center gap-1 text-sm text-slate-600 dark:text-slate-400">
          {created.scopes.map((scope) => (
            <Badge key={scope}>{scope}</Badge>
          ))}
          <span>· {created.appSlug ? `only ${created.appSlug}${created.channel ? ` / ${created.channel}` : ""}` : "all apps"}</span>
        </p>
      </div>
      <Card className="flex flex-col gap-3 border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950">
        <p className="text-sm font-medium text-amber-900 dark:text-amber-100" data-testid="new-token-warning">
          Copy the token now: it will not be shown again. Shipyard keeps only a hash of it; if it is lost, revoke it and create another.
        </p>
        <CopyField label="Your new token" value={created.secret} data-testid="new-token-value" />
      </Card>
      <div className="flex flex-col gap-2">
        <h4 className="text-sm font-semibold">Use it in CI</h4>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Store the token in your CI&apos;s secret store as <code className="font-mono">SHIPYARD_TOKEN</code>; these snippets read it from there and never contain it.
        </p>
        <CiSnippetTabs snippets={snippets} />
      </div>
      <div>
        <Button onClick={onDone} data-testid="new-token-done">
          Done
        </Button>
      </div>
    </div>
  );
}
