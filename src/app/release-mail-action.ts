"use server";
// The home page's "email me about new builds" switch: the signed-in user's own setting, one service call.
import { revalidatePath } from "next/cache";
import { serverContext } from "@/server/composition";
import { currentUser } from "@/server/entry/current-user";
import { setReleaseMail } from "@/server/services/account";

export async function setReleaseMailAction(form: FormData): Promise<void> {
  const user = await currentUser();
  if (!user) return;
  await setReleaseMail((await serverContext()).store, { kind: "user", id: user.id }, user.id, form.get("notify") === "on");
  revalidatePath("/");
}
