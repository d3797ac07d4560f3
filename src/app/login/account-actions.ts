"use server";
// The forms of the one-time links (invitation, password reset) and of "forgot password": each
// calls one service and answers the form's state; success goes to sign-in with a message.
import { redirect } from "next/navigation";
import { isDomainError } from "@/domain/errors";
import { serverContext } from "@/server/composition";
import { resetPassword } from "@/server/services/account";
import { acceptInvitation } from "@/server/services/invitations";
import { requestPasswordReset } from "@/server/services/user-admin";

export interface FormState {
  error: string | null;
  done?: boolean;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").slice(0, 2048);

function refusal(error: unknown): FormState {
  if (isDomainError(error)) return { error: error.message.replace(/^Invalid \w+: /, "") };
  console.error("account form failed:", error);
  return { error: "Something went wrong on the server. Try again." };
}

export async function acceptInvitationAction(_state: FormState, form: FormData): Promise<FormState> {
  const password = text(form, "password");
  if (password !== text(form, "confirm")) return { error: "The two passwords differ." };
  try {
    await acceptInvitation((await serverContext()).store, text(form, "secret"), { name: text(form, "name"), password });
  } catch (error) {
    return refusal(error);
  }
  redirect("/login?welcome=1");
}

export async function resetPasswordAction(_state: FormState, form: FormData): Promise<FormState> {
  const password = text(form, "password");
  if (password !== text(form, "confirm")) return { error: "The two passwords differ." };
  try {
    await resetPassword((await serverContext()).store, text(form, "secret"), password);
  } catch (error) {
    return refusal(error);
  }
  redirect("/login?reset=1");
}

export async function forgotPasswordAction(_state: FormState, form: FormData): Promise<FormState> {
  const { store, links, config } = await serverContext();
  try {
    await requestPasswordReset(store, { link: links.passwordReset, mail: config }, text(form, "email"));
  } catch (error) {
    console.error("password reset request failed:", error);
  }
  // The same answer whether or not the address has an account.
  return { error: null, done: true };
}
