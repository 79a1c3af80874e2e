"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useHydrated, useReadOnly } from "@/components/providers";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { ApiError, apiFetch } from "@/lib/api-client";
import { displayName } from "@/lib/customer-name";
import { formatPhone } from "@/lib/phone-format";
import type { CustomerProfile } from "@/lib/schemas/types";

type Fields = {
  firstName: string;
  lastName: string;
  businessName: string;
  email: string;
  phone: string;
};

function fieldsOf(p: CustomerProfile): Fields {
  return {
    firstName: p.firstName ?? "",
    lastName: p.lastName ?? "",
    businessName: p.businessName ?? "",
    email: p.email ?? "",
    phone: p.phone ?? "",
  };
}

/**
 * The saved details show the change at once and go back if the server refuses it; the form
 * keeps what was typed, with the server's message beside each field it rejected.
 */
export function ProfileForm({ initial }: { initial: CustomerProfile }) {
  const readOnly = useReadOnly();
  // Until hydrated, the form would submit natively and the page would lose what was typed.
  const hydrated = useHydrated();
  const toast = useToast();
  const router = useRouter();
  const [saved, setSaved] = useState(initial);
  const [fields, setFields] = useState(fieldsOf(initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const business = initial.type === "business";

  const save = useMutation({
    mutationFn: (body: Record<string, string | null>) =>
      apiFetch<CustomerProfile>("/api/customer", { method: "PUT", body }),
    onMutate: (body) => {
      const previous = saved;
      setSaved({ ...saved, ...body } as CustomerProfile);
      setErrors({});
      return { previous };
    },
    onError: (error, _body, context) => {
      if (context) setSaved(context.previous);
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      toast("error", `Your details were not saved: ${error.message}`);
    },
    onSuccess: (profile) => {
      setSaved(profile);
      setFields(fieldsOf(profile));
      toast("success", "Your details were saved.");
      router.refresh();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const names: Record<string, string> = business
      ? { businessName: fields.businessName }
      : { firstName: fields.firstName, lastName: fields.lastName };
    save.mutate({
      ...names,
      email: fields.email,
      phone: fields.phone.trim() === "" ? null : fields.phone,
    });
  };

  const set = (key: keyof Fields) => (e: { target: { value: string } }) =>
    setFields({ ...fields, [key]: e.target.value });

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card aria-labelledby="saved-title" className="lg:order-2">
        <CardTitle id="saved-title">Your details</CardTitle>
        <dl className="space-y-2 text-sm" data-testid="saved-details">
          <div>
            <dt className="text-slate-600">Name</dt>
            <dd className="font-medium">{displayName(saved)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Email</dt>
            <dd className="font-medium" data-testid="saved-email">
              {saved.email}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Phone</dt>
            <dd className="font-medium" data-testid="saved-phone">
              {saved.phone ? formatPhone(saved.phone) : "Not given"}
            </dd>
          </div>
        </dl>
        <a
          href="/api/customer/export"
          download
          className="mt-4 inline-block text-sm font-medium text-brand-700 underline"
        >
          Download all the data we hold about you
        </a>
        <Link
          href="/profile/access-log"
          className="mt-2 block text-sm font-medium text-brand-700 underline"
        >
          Who has looked at your data
        </Link>
      </Card>
      <Card aria-labelledby="edit-title" className="lg:col-span-2">
        <CardTitle id="edit-title">Edit your details</CardTitle>
        {readOnly ? (
          <p className="text-sm text-slate-700">
            Details cannot be changed in a read-only session.
          </p>
        ) : (
          <form onSubmit={submit} noValidate className="space-y-4" inert={!hydrated}>
            {business ? (
              <TextField
                label="Business name"
                autoComplete="organization"
                value={fields.businessName}
                onChange={set("businessName")}
                error={errors.businessName}
                required
                maxLength={200}
              />
            ) : (
              <div className="grid gap-4 sm:grid-cols-2">
                <TextField
                  label="First name"
                  autoComplete="given-name"
                  value={fields.firstName}
                  onChange={set("firstName")}
                  error={errors.firstName}
                  required
                  maxLength={100}
                />
                <TextField
                  label="Last name"
                  autoComplete="family-name"
                  value={fields.lastName}
                  onChange={set("lastName")}
                  error={errors.lastName}
                  required
                  maxLength={100}
                />
              </div>
            )}
            <TextField
              label="Email"
              type="email"
              autoComplete="email"
              value={fields.email}
              onChange={set("email")}
              error={errors.email}
              required
            />
            <TextField
              label="Phone"
              type="tel"
              autoComplete="tel"
              value={fields.phone}
              onChange={set("phone")}
              error={errors.phone}
              hint="Include the country code if it is not in your country, e.g. +44 20 7946 0018"
            />
            <Button type="submit" disabled={save.isPending || !hydrated}>
              {save.isPending ? "Saving…" : "Save details"}
            </Button>
          </form>
        )}
      </Card>
    </div>
  );
}
