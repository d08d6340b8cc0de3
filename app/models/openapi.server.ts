/**
 * The OpenAPI 3.1 description of /api/v1, generated from the same zod schemas the routes parse with (z.toJSONSchema)
 * and from the lifecycle step tables — nothing here is written out by hand but the words. Enumerated fields carry
 * their allowed codes (`enum`) and the Chinese labels (`x-enum-labels`). tests/unit/openapi.test.ts keeps it
 * complete: every app/routes/api.v1.* route is described and every described path exists.
 */
import { z } from "zod";
import * as enums from "~/schemas/enums";
import { ConsultationEditSchema, ConsultationFilterSchema, ConsultationSchema } from "~/schemas/consultation";
import { MediationEditSchema, MediationFilterSchema, MediationRegisterSchema } from "~/schemas/mediation";
import { LegalAidApplySchema, LegalAidEditSchema, LegalAidFilterSchema } from "~/schemas/legal-aid";
import { RegistryQuerySchema, StatsQuerySchema } from "~/schemas/api";
import { MEDIATION_KIND, MEDIATION_STEPS } from "./lifecycle/mediation-steps.server";
import { LEGAL_AID_KIND, LEGAL_AID_STEPS } from "./lifecycle/legal-aid-steps.server";
import type { StepDef } from "./lifecycle/executor.server";

type Json = Record<string, unknown>;
type Enum = { labels: Record<string, { zh: string; en: string }>; values: readonly string[] };

function allEnums(): Array<[string, Enum]> {
  return (Object.entries(enums) as Array<[string, unknown]>).filter(
    (e): e is [string, Enum] => typeof e[1] === "object" && e[1] !== null && "labels" in e[1] && "values" in e[1] && Array.isArray((e[1] as Enum).values),
  );
}

/** Every enumeration: codes with their Chinese and English labels (GET /api/v1/enumerations). */
export function enumerations() {
  return Object.fromEntries(allEnums().map(([name, e]) => [name, e.values.map((code) => ({ code, label: e.labels[code].zh, labelEn: e.labels[code].en }))]));
}

/** Adds the Chinese labels to every `enum` that is one of ours (same set of codes). */
function labelEnums(node: unknown, byCodes: Map<string, Enum>): void {
  if (Array.isArray(node)) return node.forEach((n) => labelEnums(n, byCodes));
  if (!node || typeof node !== "object") return;
  const o = node as Json;
  if (Array.isArray(o.enum)) {
    const codes = (o.enum as unknown[]).map(String);
    const e = byCodes.get([...codes].sort().join("|"));
    if (e) o["x-enum-labels"] = Object.fromEntries(codes.map((c) => [c, e.labels[c]?.zh ?? c]));
  }
  for (const v of Object.values(o)) labelEnums(v, byCodes);
}

let byCodes: Map<string, Enum> | null = null;
/** A zod schema as the JSON Schema of what a client sends (input side: strings a form would send are accepted too). */
function schemaOf(s: z.core.$ZodType): Json {
  const { $schema: _s, ...rest } = z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Json;
  byCodes ??= new Map(allEnums().map(([, e]) => [[...e.values].sort().join("|"), e]));
  labelEnums(rest, byCodes);
  return rest;
}

function queryParameters(s: z.core.$ZodType) {
  const js = schemaOf(s);
  const props = (js.properties ?? {}) as Record<string, Json>;
  const required = new Set((js.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, schema]) => ({ name, in: "query", required: required.has(name), schema }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { "application/json": { schema: ref("Problem") } } });
const ok = (description: string, schema: Json = { type: "object" }) => ({ description, content: { "application/json": { schema } } });
const body = (s: z.core.$ZodType) => ({ required: true, content: { "application/json": { schema: schemaOf(s) } } });
const idParam = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } };
const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "同一键、同一请求体的重复提交只执行一次，返回首次的结果",
  schema: { type: "string", maxLength: 200 },
};
const common = { "401": problem("未提供或无效的令牌"), "403": problem("无权执行") };

function recordPaths(base: string, title: string, schemas: { filter: z.core.$ZodType; create: z.core.$ZodType; edit: z.core.$ZodType }) {
  const filters = queryParameters(schemas.filter);
  return {
    [base]: {
      get: {
        summary: `${title}列表`,
        // paging: the filter schema's own `page` (with its bounds) where it has one, and the page size
        parameters: [
          ...filters,
          ...(filters.some((p) => p.name === "page") ? [] : [{ name: "page", in: "query", required: false, schema: { type: "integer", minimum: 1 } }]),
          { name: "pageSize", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 200 } },
        ],
        responses: { "200": ok(`${title}（分页）`, ref("Page")), ...common, "400": problem("查询参数有误") },
      },
      post: {
        summary: `新建${title}`,
        parameters: [idempotencyKey],
        requestBody: body(schemas.create),
        responses: { "201": ok("已创建", { type: "object", properties: { id: { type: "integer" } } }), ...common, "400": problem("字段有误（fieldErrors）"), "422": problem("同一 Idempotency-Key 已用于不同的请求") },
      },
    },
    [`${base}/{id}`]: {
      get: { summary: `读取${title}`, parameters: [idParam], responses: { "200": ok(title), ...common, "404": problem("记录不存在或不在管辖范围内") } },
      put: {
        summary: `更正${title}（须带读取时的 version）`,
        parameters: [idParam],
        requestBody: body(schemas.edit),
        responses: { "200": ok("已保存"), ...common, "400": problem("字段有误"), "404": problem("记录不存在"), "409": problem("版本不符（他人已修改）") },
      },
    },
  };
}

function stepPaths(base: string, kind: { title: string }, steps: Record<string, StepDef<never, z.core.$ZodType, unknown>>) {
  const out: Record<string, Json> = {};
  for (const step of Object.values(steps)) {
    const from = step.from === "any" ? "任何状态（已作废的除外）" : step.from.join("、");
    out[`${base}/{id}/steps/${step.name}`] = {
      post: {
        summary: `${kind.title}：${step.title}`,
        description: `可开始的状态：${from}。需要权限 ${step.permission}。与页面上的同一步骤由同一执行器完成（校验、计数、审计）。`,
        operationId: `${base.split("/").pop()}-${step.name}`.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
        parameters: [idParam, idempotencyKey],
        requestBody: body(step.schema),
        responses: {
          "200": ok("步骤已完成", ref("StepResult")),
          ...common,
          "404": problem("记录不存在、不在管辖范围内，或没有这个步骤"),
          "409": problem("版本不符（conflict），或当前状态不能进行此步骤（step_not_allowed）"),
          "422": problem("字段有误（fieldErrors），或同一 Idempotency-Key 已用于不同的请求"),
        },
      },
    };
  }
  return out;
}

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "枫桥 Fengqiao API",
      version: "1",
      description: "公共法律服务（法律咨询、人民调解、法律援助）数据接口。令牌：Authorization: Bearer fq_…（设置 → API 令牌）。错误均为 JSON：{ error, message, fieldErrors? }，message 为中文。金额单位为元。",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths: {
      ...recordPaths("/api/v1/consultations", "法律咨询", { filter: ConsultationFilterSchema, create: ConsultationSchema, edit: ConsultationEditSchema }),
      ...recordPaths("/api/v1/mediations", "调解案件", { filter: MediationFilterSchema, create: MediationRegisterSchema, edit: MediationEditSchema }),
      ...recordPaths("/api/v1/legal-aid-cases", "法律援助案件", { filter: LegalAidFilterSchema, create: LegalAidApplySchema, edit: LegalAidEditSchema }),
      ...stepPaths("/api/v1/mediations", MEDIATION_KIND, MEDIATION_STEPS as never),
      ...stepPaths("/api/v1/legal-aid-cases", LEGAL_AID_KIND, LEGAL_AID_STEPS as never),
      "/api/v1/stats": {
        get: { summary: "统计报表指标", parameters: queryParameters(StatsQuerySchema), responses: { "200": ok("报表指标"), ...common, "400": problem("日期有误"), "404": problem("单位不存在或不在管辖范围内") } },
      },
      "/api/v1/units": { get: { summary: "本单位及下级单位", responses: { "200": ok("单位树（先上级后下级）", ref("List")), ...common } } },
      "/api/v1/registries": {
        get: { summary: "名册：人民调解员、法律明白人、村(居)法律顾问", parameters: queryParameters(RegistryQuerySchema), responses: { "200": ok("名册", ref("List")), ...common, "400": problem("kind 有误") } },
      },
      "/api/v1/enumerations": { get: { summary: "代码表：各枚举的代码及中文名称", responses: { "200": ok("代码表"), ...common } } },
      "/api/v1/openapi.json": { get: { summary: "本接口说明（OpenAPI 3.1）", security: [], responses: { "200": ok("OpenAPI 文档") } } },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "fq_ 开头的 API 令牌" } },
      schemas: {
        Problem: {
          type: "object",
          required: ["error", "message"],
          properties: { error: { type: "string" }, message: { type: "string" }, fieldErrors: { type: "object", additionalProperties: { type: "string" } } },
        },
        StepResult: {
          type: "object",
          required: ["ok", "step", "message", "record"],
          properties: {
            ok: { const: true },
            step: { type: "string" },
            message: { type: "string" },
            record: { type: "object", properties: { id: { type: "integer" }, version: { type: "integer" }, status: { type: "string" } } },
            result: {},
          },
        },
        Page: { type: "object", required: ["data"], properties: { data: { type: "array", items: { type: "object" } } } },
        List: { type: "object", required: ["data"], properties: { data: { type: "array", items: { type: "object" } } } },
      },
    },
  };
}
