// next-auth bound to this process: its config (server/auth/config.ts) reads users from the
// composition root's store.
import NextAuth from "next-auth";
import { authConfig } from "@/server/auth/config";
import { serverContext } from "@/server/composition";

export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig({ store: async () => (await serverContext()).store }));
