import { z } from "zod";
import { channelNameSchema } from "./channel";
import { emailSchema } from "./user";
import { hiddenCharacterProblem } from "./visible-text";

// Tester groups: named sets of testers of one app ("QA", "Clients"), each given some of the app's
// channels. A member is a user (by account) or an outside address, who gets a personal share link
// instead. Belonging to a group lets a signed-in user install the group's channels of a private
// app and nothing else of it; release notices go to the members of the groups given a channel.

export interface TesterGroup {
  id: string;
  appId: string;
  name: string;
  /** Channel names of the app, sorted; a channel deleted since stays listed and opens nothing. */
  channels: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface TesterGroupMember {
  id: string;
  groupId: string;
  /** The account the address belongs to; null for an outside address. */
  userId: string | null;
  /** Lowercased; unique within a group. */
  email: string;
  /** An outside address's personal share link (null for users, and once the link is gone). */
  shareLinkId: string | null;
  createdAt: Date;
}

export const MAX_TESTER_GROUPS_PER_APP = 50;
export const MAX_MEMBERS_PER_TESTER_GROUP = 500;

export const testerGroupNameSchema = z
  .string({ error: "group name must be a string" })
  .trim()
  .min(1, "group name must not be empty")
  .max(60, "group name must be at most 60 characters")
  .superRefine((name, ctx) => {
    // Shown in the console and in every notice the group's members get: it must read as what it is.
    const problem = hiddenCharacterProblem(name, "group name", "they can make the name read as another");
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Distinct channel names, sorted, so a group's channels compare and store the same whatever the order given. */
export const groupChannelsSchema = z
  .array(channelNameSchema, { error: "channels must be a list of channel names" })
  .max(50, "a group has at most 50 channels")
  .transform((names) => [...new Set(names)].sort());

export const createTesterGroupInputSchema = z.object({ name: testerGroupNameSchema, channels: groupChannelsSchema.default([]) });
export type CreateTesterGroupInput = z.input<typeof createTesterGroupInputSchema>;

export const testerEmailSchema = emailSchema;

/** The names of `wanted` that are not channels of the app (the service refuses a group given one). */
export function unknownChannels(wanted: readonly string[], existing: readonly string[]): string[] {
  const names = new Set(existing);
  return wanted.filter((name) => !names.has(name));
}

/**
 * The channels the given groups of one app give, among those the app has: the union, sorted.
 * Empty when none (the user is in no group of the app, or its groups give nothing).
 */
export function channelsGiven(groups: readonly Pick<TesterGroup, "channels">[], existing: readonly string[]): string[] {
  const names = new Set(existing);
  return [...new Set(groups.flatMap((g) => g.channels))].filter((name) => names.has(name)).sort();
}
