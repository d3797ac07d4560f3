// What a signed-in user may install, for the home page: every channel of the apps they hold a role
// on (admins: every app), and the channels their tester groups give of the others. The same rules
// as the install pages' decision (page-audience.ts), read as a list.
import type { App } from "@/domain/app";
import { channelsGiven } from "@/domain/tester-group";
import type { ReadStore } from "../store/read-only";
import type { AccessUser } from "./access";
import { orderChannels } from "./install-page";

export interface InstallableApp {
  app: Pick<App, "id" | "slug" | "displayName" | "visibility">;
  /** The channels to list, in install-page order. */
  channels: string[];
  /** Through a role (every channel) rather than a group's channels. */
  member: boolean;
}

/** At most this many apps are listed (an admin of a large instance uses the console instead). */
export const HOME_APPS_LIMIT = 100;

type Reads = Pick<ReadStore, "apps" | "channels" | "members" | "testerGroups">;

export async function installableApps(store: Reads, user: AccessUser): Promise<InstallableApp[]> {
  const memberOf = user.role === "admin" ? null : new Set((await store.members.listByUser(user.id)).map((m) => m.appId));
  const groups = await store.testerGroups.groupsOfUser(user.id);
  const ids = memberOf === null ? undefined : [...new Set([...memberOf, ...groups.map((g) => g.appId)])];
  if (ids !== undefined && ids.length === 0) return [];
  const apps = (await store.apps.list({ limit: HOME_APPS_LIMIT }, ids ? { ids } : {})).items;
  const channels = await store.channels.listByApps(apps.map((a) => a.id));
  const result: InstallableApp[] = [];
  for (const app of apps) {
    const own = orderChannels(channels.filter((c) => c.appId === app.id));
    const member = memberOf === null || memberOf.has(app.id);
    const given = member
      ? own.map((c) => c.name)
      : channelsGiven(
          groups.filter((g) => g.appId === app.id),
          own.map((c) => c.name),
        );
    const listed = own.map((c) => c.name).filter((name) => given.includes(name));
    if (listed.length > 0) result.push({ app: { id: app.id, slug: app.slug, displayName: app.displayName, visibility: app.visibility }, channels: listed, member });
  }
  return result.sort((a, b) => a.app.displayName.localeCompare(b.app.displayName));
}
