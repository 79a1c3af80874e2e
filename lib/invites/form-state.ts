/** What the staff console's invite actions answer: shown beside the form or the button. */
export interface ActionState {
  status: "idle" | "done" | "error";
  message?: string;
  fieldErrors?: Record<string, string>;
}

export const idle: ActionState = { status: "idle" };
