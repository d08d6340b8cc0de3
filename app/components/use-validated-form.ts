/**
 * One zod schema per form, in the browser and the action: react-hook-form validates instantly when JavaScript
 * runs and then submits through Remix; without JavaScript the form posts natively and the action answers with
 * the same schema's errors. Server field errors are merged into the form state.
 */
import { useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { get, set, useForm, type DefaultValues, type FieldErrors, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { z } from "zod";
import { fieldErrorsOf, safeParseWith } from "~/schemas/forms";
import { useHydrated } from "~/utils/use-hydrated";

/**
 * The schema, or a function loading it (`() => import("~/schemas/x").then((m) => m.XSchema)`): a page that must be
 * light (the consultation entry) keeps the validator out of its first scripts; it is fetched once the page is usable
 * and awaited by the first validation. Without JavaScript the server checks with the same schema either way.
 */
export type SchemaSource<S> = S | (() => Promise<S>);

/**
 * The schema as react-hook-form's resolver: the same parse and the same field errors (message keys, nested names such
 * as `parties.0.name`) as the action's `parseSubmission`. Not @hookform/resolvers' zodResolver: ours is the few lines
 * below, and that one added 1.8 KB gzipped to every form page for native-validation and criteria modes we do not use.
 */
function schemaResolver<S extends z.core.$ZodType>(schema: S | (() => Promise<S>)): Resolver<FieldValues> {
  return async (values) => {
    const parsed = safeParseWith(typeof schema === "function" ? await loadOnce(schema as () => Promise<S>) : schema, values);
    if (parsed.success) return { values: parsed.data as FieldValues, errors: {} };
    const errors: FieldErrors = {};
    // an error of the whole form (no field) is the server's to show next to the form: the post goes through
    for (const [name, message] of Object.entries(fieldErrorsOf(parsed.error))) if (name !== "_form") set(errors, name, { type: "validation", message });
    return Object.keys(errors).length ? { values: {}, errors } : { values, errors: {} };
  };
}

const loaded = new WeakMap<object, Promise<unknown>>();

function loadOnce<S>(load: () => Promise<S>): Promise<S> {
  if (!loaded.has(load)) loaded.set(load, load());
  return loaded.get(load) as Promise<S>;
}

export function useValidatedForm<S extends z.core.$ZodType<FieldValues, FieldValues>>({
  schema,
  defaultValues,
  serverErrors,
}: {
  schema: SchemaSource<S>;
  defaultValues: DefaultValues<z.input<S>>;
  serverErrors?: Record<string, string> | null;
}) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: schemaResolver(schema) as unknown as Resolver<z.input<S>, unknown, z.output<S>>,
    defaultValues,
    // Validate on submit, then live while the user corrects. (Validating on blur shifts the layout under the
    // pointer between mousedown and mouseup, so a click on "save" could be lost.)
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const hydrated = useHydrated();

  // a lazily loaded schema is fetched as soon as the page is usable, not at the first validation
  useEffect(() => {
    if (typeof schema === "function") loadOnce(schema as () => Promise<S>).catch(() => {});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!serverErrors) return;
    for (const [field, message] of Object.entries(serverErrors)) {
      if (field !== "_form") form.setError(field as Path<z.input<S>>, { type: "server", message });
    }
  }, [serverErrors, form]);

  const errorOf = (name: string): string | undefined => {
    if (!hydrated) return serverErrors?.[name];
    // nested names (parties.0.name) are paths into the error object
    const e = get(form.formState.errors, name) as { message?: string } | undefined;
    return e?.message ?? undefined;
  };

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() => {
      if (formRef.current) submit(submitter ?? formRef.current, { method: "post" });
    })(event);
  };

  /** Ctrl/⌘+Enter submits from anywhere in the form. */
  const onKeyDown = (event: React.KeyboardEvent<HTMLFormElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  };

  return { form, formRef, errorOf, onSubmit, onKeyDown, hydrated };
}

/**
 * A field's current value; the form re-renders when it changes (react-hook-form's `watch`, called where the form is
 * made). Not `useWatch`, which would add its own code to the form library's chunk on every form page.
 */
export const watchField = (form: { watch: unknown }, name: string): unknown => (form.watch as (name: string) => unknown)(name);
