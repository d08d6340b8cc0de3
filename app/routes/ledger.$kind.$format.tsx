/**
 * 台账 export of a list: /ledger/<mediations|consultations|legal-aid|registries|audit>/<xlsx|csv>?<the list's query>.
 * A plain GET link (works without JavaScript). Each export is audited; a refused one (an unknown filter value, a
 * unit out of reach, more rows than the limit) answers a small Chinese page with the reason and a link back.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditLedgerExport, buildLedger, isLedgerFormat, isLedgerKind, ledgerCsv, ledgerDisposition, ledgerXlsx } from "~/models/ledger-export.server";
import { requireActor } from "~/utils/auth.server";
import { notFound } from "~/utils/responses.server";

const TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
} as const;

const LIST_PATHS = { mediations: "/mediations", consultations: "/consultations", "legal-aid": "/legal-aid", registries: "/registries", audit: "/audit" } as const;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function refusedPage(message: string, back: string, status: number) {
  const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>无法导出台账 · 枫桥</title>
<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1d2430}
.notice{padding:.8rem 1rem;border:1px solid #f5b7b1;background:#fdecea;color:#b3261e;border-radius:6px}a{color:#1f5f8b}</style></head>
<body><h1>无法导出台账</h1><p class="notice" role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(back)}">返回列表</a></p></body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" } });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { kind, format } = params;
  if (!isLedgerKind(kind) || !isLedgerFormat(format)) notFound();
  const actor = await requireActor(request);
  const search = new URL(request.url).searchParams;
  search.delete("page");
  const result = await buildLedger({ actor, kind, params: search });
  if (!result.ok) {
    const qs = search.toString();
    return refusedPage(result.message, `${LIST_PATHS[kind]}${qs ? `?${qs}` : ""}`, result.status);
  }
  const { ledger } = result;
  const body = format === "xlsx" ? new Uint8Array(await ledgerXlsx(ledger)) : ledgerCsv(ledger);
  await auditLedgerExport({ actor, ledger, format, ip: context.clientIp ?? null });
  return new Response(body, {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": ledgerDisposition(ledger, format),
      "Cache-Control": "private, no-store",
    },
  });
}
