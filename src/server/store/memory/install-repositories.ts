import { emptyFunnel } from "@/domain/install-event";
import { shareLinkState } from "@/domain/share-link";
import { newId } from "../ids";
import type { InstallEventRepository, ShareLinkRepository } from "../types";
import { conflict, copy, getOrThrow, type MemoryState, paginate, requireRow } from "./state";

type State = () => MemoryState;

export function memoryShareLinks(state: State): ShareLinkRepository {
  return {
    async create(data) {
      const s = state();
      requireRow(s.apps, data.appId, "app");
      if ([...s.shareLinks.values()].some((l) => l.tokenHash === data.tokenHash)) throw conflict("shareLinkHash");
      const link = { ...copy(data), id: newId(), installCount: 0, createdAt: new Date(), lastUsedAt: null, revokedAt: null };
      s.shareLinks.set(link.id, link);
      return copy(link);
    },
    async getById(id) {
      const link = state().shareLinks.get(id);
      return link ? copy(link) : null;
    },
    async getByHash(tokenHash) {
      const link = [...state().shareLinks.values()].find((l) => l.tokenHash === tokenHash);
      return link ? copy(link) : null;
    },
    async listByApp(appId, page) {
      return paginate(
        [...state().shareLinks.values()].filter((l) => l.appId === appId),
        page,
      );
    },
    async update(id, patch) {
      const link = getOrThrow(state().shareLinks, id, "share link");
      Object.assign(link, copy(patch));
      return copy(link);
    },
    async claimInstall(id, now) {
      const link = state().shareLinks.get(id);
      if (!link || shareLinkState(link, now) !== "active") return false;
      link.installCount += 1;
      link.lastUsedAt = now;
      return true;
    },
  };
}

export function memoryInstallEvents(state: State): InstallEventRepository {
  return {
    async appendMany(events) {
      const s = state();
      for (const event of events) requireRow(s.apps, event.appId, "app");
      for (const event of events) {
        const row = { ...copy(event), id: newId() };
        s.installEvents.set(row.id, row);
      }
      return events.length;
    },
    async listByApp(appId, page) {
      return paginate(
        [...state().installEvents.values()].filter((e) => e.appId === appId),
        page,
      );
    },
    async funnelForRelease(releaseId) {
      const funnel = emptyFunnel();
      for (const event of state().installEvents.values()) if (event.releaseId === releaseId) funnel[event.kind] += 1;
      return funnel;
    },
    async funnelsForReleases(releaseIds) {
      const funnels = new Map(releaseIds.map((id) => [id, emptyFunnel()]));
      for (const event of state().installEvents.values()) {
        const funnel = event.releaseId === null ? undefined : funnels.get(event.releaseId);
        if (funnel) funnel[event.kind] += 1;
      }
      return funnels;
    },
  };
}
