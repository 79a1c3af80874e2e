"use client";

import { useSyncExternalStore } from "react";
import { Toaster, toast } from "sonner";

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

type Tone = "success" | "error";

/**
 * Shows a message for a few seconds in a polite live region (sonner's), with a close button.
 * A success clears the errors still on screen, so a stale "not saved" never sits beside
 * "saved". Errors stay longer, long enough to read.
 */
function show(tone: Tone, message: string) {
  if (tone === "success") toast.dismiss();
  const options = { testId: `toast-${tone}`, duration: tone === "error" ? 10_000 : 5_000 };
  if (tone === "error") toast.error(message, options);
  else toast.success(message, options);
}

/**
 * Where the messages appear: at the bottom right on a wide screen, beside the page's forms
 * rather than over them; on a narrow one at the top, below the header, clear of the form's
 * buttons at the bottom of the screen where a thumb just tapped.
 */
export function ToastRegion() {
  const narrow = useNarrowScreen();
  return (
    <Toaster
      position={narrow ? "top-center" : "bottom-right"}
      mobileOffset={{ top: 64, left: 8, right: 8 }}
      closeButton
      richColors
      containerAriaLabel="Messages"
      toastOptions={{ closeButtonAriaLabel: "Dismiss message" }}
    />
  );
}

export function useToast() {
  return show;
}
