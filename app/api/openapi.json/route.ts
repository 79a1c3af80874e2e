// GET /api/openapi.json - the OpenAPI 3.1 document of the self-service API
import { withPublic } from "@/lib/api/handler";
import { buildOpenApiDocument } from "@/lib/openapi/document";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET = withPublic(async () => {
  document ??= buildOpenApiDocument();
  return Response.json(document, { headers: { "cache-control": "public, max-age=300" } });
});
