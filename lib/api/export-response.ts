import { exportFilename } from "@/lib/domain/export";

/** A customer's export as a download. The document is already JSON text, sent as it is. */
export function exportResponse(customerId: string, body: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFilename(customerId)}"`,
    },
  });
}
