import { afterEach } from "vitest";
import { resetEnvForTests } from "@/env";

/**
 * For a test file on the settings env() parses from `names`: the returned `withEnv(values)` sets
 * exactly those variables (the ones not given are unset), drops the parsed settings and returns
 * `read`, unread, so that a refused value throws inside expect(). Every test ends with the
 * variables as they were before the file ran.
 */
export function envVariables<Name extends string, T>(names: readonly Name[], read: () => T) {
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  const apply = (values: Partial<Record<string, string>>) => {
    for (const name of names) {
      if (values[name] === undefined) delete process.env[name];
      else process.env[name] = values[name];
    }
    resetEnvForTests();
  };
  afterEach(() => apply(saved));
  return (values: Partial<Record<Name, string>>) => {
    apply(values);
    return read;
  };
}
