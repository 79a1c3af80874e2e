import { describe, expect, it } from "vitest";
import { AppError, problemBody, problemResponse } from "./errors";

describe("problem details", () => {
  it("carry a stable code, its status and a type derived from the code", () => {
    const body = problemBody(new AppError("not_found", "No such account."), {
      instance: "/api/accounts/x",
      requestId: "req-1",
    });
    expect(body).toEqual({
      type: "/problems/not_found",
      title: "The resource was not found",
      status: 404,
      code: "not_found",
      detail: "No such account.",
      instance: "/api/accounts/x",
      requestId: "req-1",
    });
  });

  it("include field errors for validation failures", () => {
    const error = new AppError("validation_failed", "Check the highlighted fields.", {
      errors: [{ field: "email", message: "Enter a valid email address", code: "invalid_format" }],
    });
    expect(problemBody(error).errors).toEqual([
      { field: "email", message: "Enter a valid email address", code: "invalid_format" },
    ]);
    expect(error.status).toBe(422);
  });

  it("are sent as application/problem+json, with a challenge on 401", async () => {
    const response = problemResponse(new AppError("unauthenticated"), { requestId: "req-2" });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="portal"');
    expect(response.headers.get("x-request-id")).toBe("req-2");
    expect(await response.json()).toMatchObject({ code: "unauthenticated", status: 401 });
  });

  it("send no challenge on other statuses", () => {
    expect(problemResponse(new AppError("forbidden")).headers.has("www-authenticate")).toBe(false);
  });
});
