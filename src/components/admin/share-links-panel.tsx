"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { shareLinkState } from "@/domain/share-link";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";

const input = "rounded-md border border-slate-300 bg-transparent px-3 py-2 text-base dark:border-slate-700";
const button = "rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50";

/** Share links of one app: create (the URL is shown once), see their use, revoke. */
export function ShareLinksPanel({ appId }: { appId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const links = useQuery(trpc.shareLinks.list.queryOptions({ appId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.shareLinks.list.queryKey({ appId }) });
  const create = useMutation(trpc.shareLinks.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.shareLinks.revoke.mutationOptions({ onSuccess: refresh }));
  const [name, setName] = useState("");
  const [days, setDays] = useState("14");
  const [cap, setCap] = useState("");

  function submit(event: React.FormEvent) {
    event.preventDefault();
    create.mutate({ appId, link: { name, expiresInDays: Number(days), maxInstalls: cap === "" ? null : Number(cap) } });
  }

  return (
    <div className="flex flex-col gap-3" data-testid="share-links">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          Name
          <input className={input} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="QA vendor" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Valid for (days)
          <input className={`${input} w-24`} type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} required />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Install limit
          <input className={`${input} w-24`} type="number" min={1} value={cap} onChange={(e) => setCap(e.target.value)} placeholder="none" />
        </label>
        <button type="submit" className={button} disabled={create.isPending}>
          Create share link
        </button>
      </form>
      {create.isError ? <p role="alert" className="text-sm text-red-700 dark:text-red-300">{errorMessage(create.error)}</p> : null}
      {create.data ? (
        <p className="text-sm" data-testid="new-share-link">
          Copy it now, it is not shown again: <code className="font-mono break-all">{create.data.url}</code>
        </p>
      ) : null}
      {links.data && links.data.items.length > 0 ? (
        <ul className="flex flex-col gap-1 text-sm">
          {links.data.items.map((link) => {
            const state = shareLinkState(link, new Date());
            return (
              <li key={link.id} className="flex flex-wrap items-center gap-x-3">
                <span className="font-medium">{link.name}</span>
                <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{link.displayPrefix}…</span>
                <span>{state}</span>
                <span className="text-slate-600 dark:text-slate-400">
                  {link.installCount}
                  {link.maxInstalls !== null ? ` / ${link.maxInstalls}` : ""} installs
                </span>
                {state !== "revoked" ? (
                  <button type="button" className="text-red-700 hover:underline dark:text-red-300" onClick={() => revoke.mutate({ appId, id: link.id })}>
                    Revoke
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
