import { randomBytes } from "node:crypto";
import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { claimOfToken, SESSION_MAX_AGE_SECONDS } from "@/domain/session";
import { authSecret, env, publishAuthUrl } from "@/env";
import { CLIENT_ADDRESS_HEADER } from "../http/client-address";
import { endSession, sessionEnded } from "../services/session-ends";
import type { Store } from "../store/types";
import { completeSsoSignIn, isSsoAccount, oidcProvider, ssoPolicy } from "./oidc";
import { attemptSignIn, SignInThrottled, signInThrottle } from "./sign-in";

const credentialsSchema = z.object({ email: z.string().max(254), password: z.string().max(1024) });

declare module "next-auth" {
  interface User {
    role?: string;
    sessionVersion?: number;
  }
  interface Session {
    /** The user's session version this session was issued under (domain/session.ts). */
    sessionVersion?: number;
  }
}

/**
 * next-auth v5: email + password checked against scrypt hashes in the users table, behind the
 * sign-in throttle; sessions in a signed JWT cookie. Built per request (NextAuth's lazy form) so
 * the secret is read from the data dir at run time, never at build time, and every URL next-auth
 * makes starts with PUBLIC_URL.
 */
export function authConfig(deps: { store: () => Promise<Store> }): NextAuthConfig {
  publishAuthUrl();
  const oidc = env().oidc;
  return {
    secret: authSecret(),
    // Behind a reverse proxy; the URLs themselves come from PUBLIC_URL (AUTH_URL), not the Host header.
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // An SSO sign-in that fails on the way (the provider refused, a state mismatch) lands on /login with next-auth's error code.
    pages: { signIn: "/login", error: "/login" },
    // A wrong password is an answer, not a server error: no stack trace per guess in the log.
    logger: {
      error(error) {
        if (!(error instanceof CredentialsSignin)) console.error("[auth]", error);
      },
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          // Set by the Node server from the socket for every request; a client cannot choose it.
          const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
          const outcome = await attemptSignIn(await deps.store(), signInThrottle(), { ...parsed.data, address });
          if (outcome.ok) return { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name, role: outcome.user.role, sessionVersion: outcome.user.sessionVersion };
          if (outcome.reason === "throttled") throw new SignInThrottled(outcome.retryAfterSeconds);
          return null;
        },
      }),
      ...(oidc ? [oidcProvider(oidc)] : []),
    ],
    events: {
      async signOut(message) {
        if ("token" in message) await endSession(await deps.store(), claimOfToken(message.token), new Date(), SESSION_MAX_AGE_SECONDS);
      },
    },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (!oidc || !isSsoAccount(account)) return true;
        return completeSsoSignIn(await deps.store(), ssoPolicy(oidc), user, profile);
      },
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.sv = user.sessionVersion ?? 0;
          // The session's own id: signing out ends this session (and every copy of its cookie) only.
          token.sid = randomBytes(16).toString("base64url");
          return token;
        }
        // A signed-out session is neither honoured nor renewed: null makes next-auth clear the cookie.
        const claim = claimOfToken(token);
        return claim && (await sessionEnded(await deps.store(), claim)) ? null : token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
        return session;
      },
    },
  };
}
