import { json } from "@remix-run/node";

/** Throws a Response when the condition is false: `invariantResponse(row, "Not found", { status: 404 })`. */
export function invariantResponse(condition: unknown, message: string, init?: ResponseInit): asserts condition {
  if (!condition) throw new Response(message, { status: 400, ...init, headers: { "Content-Type": "text/plain; charset=utf-8", ...init?.headers } });
}

export function notFound(): never {
  throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
}

export function forbidden(): never {
  throw new Response("无权执行此操作", { status: 403 });
}

/** 400 with field errors (message keys of app/i18n) and the submitted values, so nothing typed is lost. */
export function badRequest(fieldErrors: Record<string, string>, values?: unknown, formError?: string) {
  return json({ ok: false as const, fieldErrors, formError: formError ?? null, values: values ?? null }, { status: 400 });
}
