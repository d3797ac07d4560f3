import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { authSecret } from "@/env";
import { getStore } from "../db";
import { verifyCredentials } from "../services/users";

const credentialsSchema = z.object({ email: z.string().max(254), password: z.string().max(1024) });

declare module "next-auth" {
  interface User {
    role?: string;
  }
}

/**
 * next-auth v5: email + password checked against scrypt hashes in the users table, sessions in a
 * signed JWT cookie. Built per request (NextAuth's lazy form) so the secret is read from the data
 * dir at run time, never at build time.
 */
export function authConfig(): NextAuthConfig {
  return {
    secret: authSecret(),
    // Self-hosted behind any reverse proxy: trust the Host header it forwards.
    trustHost: true,
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const user = await verifyCredentials(await getStore(), parsed.data.email, parsed.data.password);
          return user && { id: user.id, email: user.email, name: user.name, role: user.role };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}
