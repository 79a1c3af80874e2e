"use client";

import { lazy, Suspense, useEffect, useSyncExternalStore } from "react";

type Tone = "success" | "error";

/**
 * sonner loads with the first message, not with the page: most pages never show one, and the
 * dashboard's first-load JavaScript has a budget (e2e/bundle-budget.spec.ts).
 */
let sonner: Promise<typeof import("sonner")> | null = null;
const loadSonner = () => {
  sonner ??= import("sonner");
  return sonner;
};
const Toaster = lazy(() => loadSonner().then((m) => ({ default: m.Toaster })));

// Whether a message has been asked for, and so the region is mounted; and when it is ready.
let wanted = false;
const listeners = new Set<() => void>();
let markReady: () => void = () => {};
const ready = new Promise<void>((resolve) => {
  markReady = resolve;
});

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Shows a message for a few seconds in a polite live region (sonner's), with a close button.
 * A success clears the errors still on screen, so a stale "not saved" never sits beside
 * "saved". Errors stay longer, long enough to read.
 */
async function show(tone: Tone, message: string) {
  if (!wanted) {
    wanted = true;
    for (const listener of listeners) listener();
  }
  const [{ toast }] = await Promise.all([loadSonner(), ready]);
  if (tone === "success") toast.dismiss();
  const options = { testId: `toast-${tone}`, duration: tone === "error" ? 10_000 : 5_000 };
  if (tone === "error") toast.error(message, options);
  else toast.success(message, options);
}

// sonner's own breakpoint for its phone layout.
const NARROW = "(max-width: 600px)";

function subscribeToWidth(onChange: () => void) {
  const query = window.matchMedia(NARROW);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

function useNarrowScreen() {
  return useSyncExternalStore(
    subscribeToWidth,
    () => window.matchMedia(NARROW).matches,
    () => false,
  );
}

/** Runs after the Toaster beside it has mounted and subscribed: messages may go out then. */
function Ready() {
  useEffect(() => markReady(), []);
  return null;
}

/**
 * Where the messages appear: at the bottom right on a wide screen, beside the page's forms
 * rather than over them; on a narrow one at the top, below the header, clear of the form's
 * buttons at the bottom of the screen where a thumb just tapped.
 */
export function ToastRegion() {
  const narrow = useNarrowScreen();
  const shown = useSyncExternalStore(
    subscribe,
    () => wanted,
    () => false,
  );
  if (!shown) return null;
  return (
    <Suspense fallback={null}>
      <Toaster
        position={narrow ? "top-center" : "bottom-right"}
        mobileOffset={{ top: 64, left: 8, right: 8 }}
        closeButton
        richColors
        containerAriaLabel="Messages"
        toastOptions={{ closeButtonAriaLabel: "Dismiss message" }}
      />
      <Ready />
    </Suspense>
  );
}

export function useToast() {
  return show;
}
