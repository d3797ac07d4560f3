// A real OpenID provider for tests: the `oidc-provider` package (a certified implementation) on a
// loopback port, with one confidential client and a fixed set of people whose claims the test
// chooses. Sign-in happens through the package's built-in development pages (any password works).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestPerson {
  /** What to type as the login at the provider's dev sign-in page; also the `sub`. */
  login: string;
  claims: Record<string, unknown>;
}

export interface RunningOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

/**
 * Loopback http is fine for oidc-provider (only implicit-flow clients must use https redirect
 * URIs); what it needs spelled out: `conformIdTokenClaims: false`, because by default a code flow's
 * ID token carries only sub and the scope claims go to userinfo, while next-auth reads the ID token.
 */
export async function startOidcProvider(options: { redirectUri: string; people: TestPerson[] }): Promise<RunningOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "shipyard-e2e";
  const clientSecret = "shipyard-e2e-secret-0123456789abcdef";
  const people = new Map(options.people.map((p) => [p.login, p]));

  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [options.redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    conformIdTokenClaims: false,
    cookies: { keys: ["oidc-e2e-cookie-key-0123456789abcdef"] },
    async findAccount(_ctx, id) {
      const person = people.get(id);
      if (!person) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...person.claims }) };
    },
  });
  server.on("request", provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
