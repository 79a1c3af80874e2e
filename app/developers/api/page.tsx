import type { Metadata } from "next";
import { type JsonSchema, refName, SchemaView, typeLabel } from "@/components/api-docs/schema-view";
import { buildOpenApiDocument } from "@/lib/openapi/document";

export const metadata: Metadata = { title: "API reference" };

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    description?: string;
    schema?: JsonSchema;
  }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema: JsonSchema }> }
  >;
};

const methods = ["get", "post", "put", "patch", "delete"] as const;

function Body({
  schema,
  components,
}: {
  schema: JsonSchema;
  components: Record<string, JsonSchema>;
}) {
  const resolved = schema.$ref ? components[refName(schema.$ref)] : schema;
  return (
    <div>
      {schema.$ref ? (
        <p className="mb-1 font-mono text-sm text-slate-600">{refName(schema.$ref)}</p>
      ) : null}
      {resolved ? <SchemaView schema={resolved} /> : null}
    </div>
  );
}

export default function ApiReferencePage() {
  const doc = buildOpenApiDocument();
  const components = (doc.components?.schemas ?? {}) as Record<string, JsonSchema>;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const op = (item as Record<string, Operation | undefined>)[method];
      return op ? [{ path, method, op }] : [];
    }),
  );
  const tags = (doc.tags ?? []).map((t) => t.name);

  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <h1 className="text-3xl font-bold">{doc.info.title}</h1>
      <p className="mt-3 text-slate-700">{doc.info.description}</p>
      <p className="mt-2 text-sm">
        Machine-readable:{" "}
        <a className="underline" href="/api/openapi.json">
          /api/openapi.json
        </a>{" "}
        (OpenAPI {doc.openapi}).
      </p>
      <nav aria-label="Sections" className="mt-6 flex flex-wrap gap-3 text-sm">
        {tags.map((tag) => (
          <a
            key={tag}
            href={`#${tag.toLowerCase()}`}
            className="rounded bg-slate-100 px-2 py-1 underline"
          >
            {tag}
          </a>
        ))}
      </nav>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={tag.toLowerCase()} className="mt-10">
          <h2 id={tag.toLowerCase()} className="text-2xl font-semibold">
            {tag}
          </h2>
          {operations
            .filter(({ op }) => op.tags?.includes(tag))
            .map(({ path, method, op }) => (
              <article
                key={`${method} ${path}`}
                className="mt-6 rounded-lg border border-slate-200 bg-white p-5"
              >
                <h3 className="font-mono text-base">
                  <span className="mr-2 rounded bg-slate-800 px-2 py-0.5 text-xs font-bold uppercase text-white">
                    {method}
                  </span>
                  {path}
                </h3>
                <p className="mt-2 font-medium">{op.summary}</p>
                {op.description ? (
                  <p className="mt-1 text-sm text-slate-600">{op.description}</p>
                ) : null}
                {op.parameters?.length ? (
                  <>
                    <h4 className="mt-4 text-sm font-semibold">Parameters</h4>
                    <ul className="mt-1 space-y-1 text-sm">
                      {op.parameters.map((p) => (
                        <li key={`${p.in}-${p.name}`}>
                          <code className="font-semibold">{p.name}</code>{" "}
                          <span className="text-slate-500">({p.in})</span>{" "}
                          {p.schema ? (
                            <span className="font-mono text-slate-600">{typeLabel(p.schema)}</span>
                          ) : null}
                          {p.description ? (
                            <span className="text-slate-600"> — {p.description}</span>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {op.requestBody ? (
                  <>
                    <h4 className="mt-4 text-sm font-semibold">Request body (JSON)</h4>
                    {Object.values(op.requestBody.content).map((c) => (
                      <Body key="body" schema={c.schema} components={components} />
                    ))}
                  </>
                ) : null}
                <h4 className="mt-4 text-sm font-semibold">Responses</h4>
                <ul className="mt-1 space-y-2 text-sm">
                  {Object.entries(op.responses).map(([status, response]) => (
                    <li key={status}>
                      <span className="font-mono font-semibold">{status}</span>{" "}
                      {response.description}
                      {status.startsWith("2") && response.content
                        ? Object.values(response.content).map((c) => (
                            <div key="schema" className="mt-1 border-l-2 border-slate-200 pl-4">
                              <Body schema={c.schema} components={components} />
                            </div>
                          ))
                        : null}
                    </li>
                  ))}
                </ul>
              </article>
            ))}
        </section>
      ))}
    </main>
  );
}
