/** Small helpers for loaders and actions. */

/** A route id parameter as a positive integer, or a 404. */
export function parseIdParam(value: string | undefined): number {
  if (!value || !/^\d{1,12}$/.test(value)) throw new Response("记录不存在", { status: 404 });
  return Number(value);
}

/** The status to answer a model failure with. */
export function statusOf(result: { ok: false; status: number }) {
  return { status: result.status };
}
