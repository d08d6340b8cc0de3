/**
 * One zod schema per form, in the browser and the action: react-hook-form validates instantly when JavaScript
 * runs and then submits through Remix; without JavaScript the form posts natively and the action answers with
 * the same schema's errors. Server field errors are merged into the form state.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { get, useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { z } from "zod";
import { useHydrated } from "~/utils/use-hydrated";

/**
 * The schema, or a function loading it (`() => import("~/schemas/x").then((m) => m.XSchema)`): a page that must be
 * light (the consultation entry) keeps the validator out of its first scripts; it is fetched once the page is usable
 * and awaited by the first validation. Without JavaScript the server checks with the same schema either way.
 */
export type SchemaSource<S> = S | (() => Promise<S>);

const loaded = new WeakMap<object, Promise<unknown>>();

function lazyResolver<S extends z.core.$ZodType>(load: () => Promise<S>): Resolver<FieldValues> {
  const get = () => {
    if (!loaded.has(load)) loaded.set(load, load());
    return loaded.get(load) as Promise<S>;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (values, context, options) => (zodResolver((await get()) as any) as Resolver<FieldValues>)(values, context, options);
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
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    resolver: (typeof schema === "function" ? lazyResolver(schema as () => Promise<S>) : zodResolver(schema as any)) as any,
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
    if (typeof schema === "function") (schema as () => Promise<S>)().catch(() => {});
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
