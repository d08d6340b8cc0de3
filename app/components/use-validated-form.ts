/**
 * One zod schema per form, in the browser and the action: react-hook-form validates instantly when JavaScript
 * runs and then submits through Remix; without JavaScript the form posts natively and the action answers with
 * the same schema's errors. Server field errors are merged into the form state.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { get, useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import type { z } from "zod";
import { useHydrated } from "~/utils/use-hydrated";

export function useValidatedForm<S extends z.ZodType<FieldValues, FieldValues>>({
  schema,
  defaultValues,
  serverErrors,
}: {
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  serverErrors?: Record<string, string> | null;
}) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    resolver: zodResolver(schema as any) as any,
    defaultValues,
    // Validate on submit, then live while the user corrects. (Validating on blur shifts the layout under the
    // pointer between mousedown and mouseup, so a click on "save" could be lost.)
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const hydrated = useHydrated();

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
