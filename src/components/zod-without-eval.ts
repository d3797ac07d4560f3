// Zod 4 compiles object parsers with new Function() where eval is allowed, and finds out by calling
// Function("") on first use. Under Shipyard's Content-Security-Policy (no 'unsafe-eval') the browser
// refuses that probe and reports a CSP violation; zod would then fall back anyway. In the browser,
// skip the probe and interpret: forms parse a handful of fields. Imported for its effect by the admin
// console's root client component (src/trpc/react.tsx).
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });
