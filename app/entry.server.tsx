import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { createNulFilter } from "~/utils/html-stream.server";
import { NonceProvider } from "~/utils/nonce";
import { prepareDatabase } from "~/utils/db.server";
import { dayCountersPending, ensureDayCounters } from "~/models/counters.server";
import { fillUnitPinyin } from "~/models/unit-search.server";
import { sessionStorage } from "~/utils/session.server";

const ABORT_DELAY = 5_000;

// The import jobs' worker thread loads its code from this server build when the server runs from one (app/serve.js
// sets FENGQIAO_SERVER_BUILD): no TypeScript compiled at run time on the first upload (app/models/import-job.worker.mjs).
export { runImportJob } from "~/models/import-jobs.server";

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const bot = isbot(request.headers.get("user-agent") || "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
      </NonceProvider>,
      {
        nonce,
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          // React 18.3 pads some 2 KB chunks of Chinese text with NUL bytes: they are dropped on the way out
          const body = createNulFilter();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}

/**
 * The one-time start-up work, run by app/serve.js before any process serves (before it forks its workers): opens
 * and migrates the database (so workers never migrate at the same time), fills the day counters of a database from
 * before them (so no request waits for that, holding the write lock) and creates the session secret (so all
 * workers sign alike).
 */
export async function prepareStartup() {
  const db = await prepareDatabase();
  if (await dayCountersPending(db)) {
    const started = Date.now();
    let last = 0;
    console.log("按日计数初始化：从原始记录统计…… Filling the day counters from raw rows…");
    await ensureDayCounters(db, (p) => {
      if (p.done === p.of || Date.now() - last > 10_000) {
        last = Date.now();
        console.log(`  day counters: ${p.done}/${p.of} months (${String(p.month)}), ${p.rows.toLocaleString("en")} rows, ${Math.round((Date.now() - started) / 1000)} s`);
      }
    });
    console.log(`按日计数初始化完成 Day counters filled in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  // the unit picker's pinyin of units from before it (else the first search computes them)
  await fillUnitPinyin(db);
  sessionStorage();
}
