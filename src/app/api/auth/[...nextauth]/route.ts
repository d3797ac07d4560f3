// GET/POST /api/auth/* — next-auth sign-in, sign-out and session endpoints
import { handlers } from "@/auth";

export const { GET, POST } = handlers;
