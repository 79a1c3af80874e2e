"use client";

import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client";
import type { Preferences } from "@/lib/schemas/types";
import type { PreferencesChange } from "./use-preferences";

type Address = Preferences["mailingAddress"];

export function MailingAddressForm({
  address,
  disabled,
  save,
}: {
  address: Address;
  disabled: boolean;
  save: (change: PreferencesChange) => Promise<unknown>;
}) {
  const [same, setSame] = useState(address.sameAsPrimaryPremise);
  const [fields, setFields] = useState({
    street: address.street ?? "",
    unit: address.unit ?? "",
    city: address.city ?? "",
    state: address.state ?? "",
    zip: address.zip ?? "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields({ ...fields, [k]: e.target.value });
  const orNull = (v: string) => (v.trim() === "" ? null : v);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    const change: PreferencesChange = same
      ? { mailingAddress: { sameAsPrimaryPremise: true } }
      : {
          mailingAddress: {
            sameAsPrimaryPremise: false,
            street: orNull(fields.street),
            unit: orNull(fields.unit),
            city: orNull(fields.city),
            state: orNull(fields.state),
            zip: orNull(fields.zip),
          },
        };
    try {
      await save(change);
    } catch (error) {
      if (error instanceof ApiError) {
        const byField = Object.fromEntries(
          Object.entries(error.fieldErrors()).map(([k, v]) => [
            k.replace("mailingAddress.", ""),
            v,
          ]),
        );
        setErrors(byField);
      }
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Mailing address">
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">
          Where should we send your post?
        </legend>
        <div className="mt-2 space-y-2">
          <label className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              name="mailing"
              checked={same}
              onChange={() => setSame(true)}
              disabled={disabled}
              className="h-5 w-5 accent-brand-700"
            />
            To my primary premise
          </label>
          <label className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              name="mailing"
              checked={!same}
              onChange={() => setSame(false)}
              disabled={disabled}
              className="h-5 w-5 accent-brand-700"
            />
            To a different address
          </label>
        </div>
      </fieldset>
      {same ? null : (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Street"
            autoComplete="address-line1"
            value={fields.street}
            onChange={set("street")}
            error={errors.street}
            className="sm:col-span-2"
            disabled={disabled}
          />
          <TextField
            label="Unit or flat (optional)"
            autoComplete="address-line2"
            value={fields.unit}
            onChange={set("unit")}
            error={errors.unit}
            disabled={disabled}
          />
          <TextField
            label="City"
            autoComplete="address-level2"
            value={fields.city}
            onChange={set("city")}
            error={errors.city}
            disabled={disabled}
          />
          <TextField
            label="State or county (optional)"
            autoComplete="address-level1"
            value={fields.state}
            onChange={set("state")}
            error={errors.state}
            disabled={disabled}
          />
          <TextField
            label="ZIP or postcode"
            autoComplete="postal-code"
            value={fields.zip}
            onChange={set("zip")}
            error={errors.zip}
            disabled={disabled}
          />
        </div>
      )}
      {disabled ? null : <Button type="submit">Save mailing address</Button>}
    </form>
  );
}
