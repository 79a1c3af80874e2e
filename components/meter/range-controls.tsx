"use client";

import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  customRangeProblem,
  type RangePreset,
  rangePresets,
  type UsageRange,
} from "@/lib/usage-range";

const presetNames: Record<RangePreset, string> = {
  day: "Day",
  week: "Week",
  month: "Month",
  year: "Year",
  custom: "Custom",
};

/** A set of mutually exclusive toggle buttons (aria-pressed), like a segmented control. */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly { value: T; label: string; disabled?: boolean }[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="inline-flex flex-wrap items-center gap-2">
      <legend className="sr-only">{label}</legend>
      <div className="inline-flex overflow-hidden rounded-md border border-slate-400">
        {options.map((o) => (
          <button
            key={o.value}
            type="button"
            aria-pressed={o.value === value}
            disabled={o.disabled}
            onClick={() => onChange(o.value)}
            className={`min-h-11 px-3 text-sm font-medium disabled:cursor-not-allowed disabled:text-slate-400 ${
              o.value === value
                ? "bg-brand-700 text-white"
                : "bg-white text-slate-800 hover:bg-slate-100"
            }`}
          >
            {o.label}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

export function RangeControls({
  range,
  onPreset,
  onStep,
  onCustom,
  lastDay,
}: {
  range: UsageRange;
  onPreset: (preset: RangePreset) => void;
  onStep: (end: string) => void;
  onCustom: (from: string, to: string) => void;
  lastDay: string;
}) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(lastDay);
  const [problem, setProblem] = useState<string | null>(range.problem ?? null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const refused = customRangeProblem(from, to);
    setProblem(refused);
    if (!refused) onCustom(from, to);
  };
  const period = presetNames[range.preset].toLowerCase();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <Segmented
          label="Period"
          options={rangePresets.map((p) => ({ value: p, label: presetNames[p] }))}
          value={range.preset}
          onChange={onPreset}
        />
        {range.earlierEnd ? (
          <div className="flex gap-2">
            <Button
              variant="secondary"
              onClick={() => range.earlierEnd && onStep(range.earlierEnd)}
              aria-label={`Previous ${period}`}
            >
              ‹ Earlier
            </Button>
            <Button
              variant="secondary"
              onClick={() => range.laterEnd && onStep(range.laterEnd)}
              disabled={!range.laterEnd}
              aria-label={`Next ${period}`}
            >
              Later ›
            </Button>
          </div>
        ) : null}
      </div>
      {range.preset === "custom" ? (
        <form
          onSubmit={submit}
          className="flex flex-wrap items-end gap-3"
          aria-label="Custom range"
        >
          <label className="text-sm font-medium">
            From
            <input
              type="date"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              className="mt-1 block min-h-11 rounded-md border border-slate-400 px-2"
              required
            />
          </label>
          <label className="text-sm font-medium">
            To
            <input
              type="date"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              className="mt-1 block min-h-11 rounded-md border border-slate-400 px-2"
              required
            />
          </label>
          <Button type="submit">Show range</Button>
          {problem ? (
            <p
              role="alert"
              className="w-full text-sm font-medium text-red-800"
              data-testid="range-problem"
            >
              {problem}
            </p>
          ) : null}
        </form>
      ) : range.problem ? (
        <p role="alert" className="text-sm font-medium text-red-800" data-testid="range-problem">
          That range could not be shown. {range.problem}
        </p>
      ) : null}
    </div>
  );
}
