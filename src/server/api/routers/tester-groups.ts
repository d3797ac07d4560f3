import { z } from "zod";
import { groupChannelsSchema, testerEmailSchema, testerGroupNameSchema } from "@/domain/tester-group";
import { addTesterGroupMember, createTesterGroup, deleteTesterGroup, listTesterGroups, removeTesterGroupMember, renameTesterGroup, setTesterGroupChannels } from "../../services/tester-groups";
import { appProcedure, createTRPCRouter } from "../trpc";

// Maintainers of the app and admins: groups hold the testers' addresses and decide who installs what.
const maintainerProcedure = appProcedure("maintainer");

const appRef = z.object({ appId: z.string().min(1).max(100) });
const groupRef = appRef.extend({ groupId: z.string().min(1).max(100) });

export const testerGroupsRouter = createTRPCRouter({
  list: maintainerProcedure.input(appRef).query(({ ctx, input }) => listTesterGroups(ctx.store, input.appId)),
  create: maintainerProcedure
    .input(appRef.extend({ name: testerGroupNameSchema, channels: groupChannelsSchema.default([]) }))
    .mutation(({ ctx, input }) => createTesterGroup(ctx.store, ctx.actor, input.appId, { name: input.name, channels: input.channels })),
  rename: maintainerProcedure.input(groupRef.extend({ name: testerGroupNameSchema })).mutation(({ ctx, input }) => renameTesterGroup(ctx.store, ctx.actor, input.appId, input.groupId, input.name)),
  setChannels: maintainerProcedure
    .input(groupRef.extend({ channels: groupChannelsSchema }))
    .mutation(({ ctx, input }) => setTesterGroupChannels(ctx.store, ctx.actor, input.appId, input.groupId, input.channels)),
  delete: maintainerProcedure.input(groupRef).mutation(({ ctx, input }) => deleteTesterGroup(ctx.store, ctx.actor, input.appId, input.groupId)),
  /** An outside address's personal link is in this answer only, and only when mail is off. */
  addMember: maintainerProcedure
    .input(groupRef.extend({ email: testerEmailSchema }))
    .mutation(({ ctx, input }) => addTesterGroupMember(ctx.store, ctx.server.testers, ctx.actor, input.appId, input.groupId, input.email)),
  removeMember: maintainerProcedure
    .input(groupRef.extend({ memberId: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => removeTesterGroupMember(ctx.store, ctx.actor, input.appId, input.groupId, input.memberId)),
});
