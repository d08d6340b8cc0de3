import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLocale } from "~/i18n";
import { safeRedirect } from "~/utils/auth.server";
import { localeCookie } from "~/utils/locale.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const fd = await request.formData();
  const locale = fd.get("locale");
  const to = safeRedirect(fd.get("redirectTo"), "/");
  if (!isLocale(locale)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}
