// /api/rest/{table} - the admin REST API: PostgREST's grammar over an allow-list of tables
import { handleRest } from "@/lib/rest/handler";

export const dynamic = "force-dynamic";

export const GET = handleRest;
export const HEAD = handleRest;
export const POST = handleRest;
export const PATCH = handleRest;
export const DELETE = handleRest;
