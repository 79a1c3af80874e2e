type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  format?: string;
  additionalProperties?: boolean | JsonSchema;
};

export function refName(ref: string): string {
  return ref.split("/").pop() ?? ref;
}

/** A one-line type: `string (date)`, `Customer`, `array of Meter`, `"email" | "paper"`. */
export function typeLabel(schema: JsonSchema): string {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeLabel).join(" | ");
  if (schema.type === "array" && schema.items) return `array of ${typeLabel(schema.items)}`;
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  return schema.format ? `${type} (${schema.format})` : type;
}

/** The fields of an object schema, nested objects indented beneath their field. */
export function SchemaView({ schema }: { schema: JsonSchema }) {
  const target = schema.type === "array" && schema.items ? schema.items : schema;
  if (!target.properties) {
    return <p className="font-mono text-sm">{typeLabel(schema)}</p>;
  }
  return (
    <ul className="space-y-1 text-sm">
      {Object.entries(target.properties).map(([name, property]) => (
        <li key={name}>
          <code className="font-semibold">{name}</code>
          {target.required?.includes(name) ? "" : "?"}{" "}
          <span className="font-mono text-slate-600">{typeLabel(property)}</span>
          {property.description ? (
            <span className="text-slate-600"> — {property.description}</span>
          ) : null}
          {property.properties || property.items?.properties ? (
            <div className="mt-1 border-l-2 border-slate-200 pl-4">
              <SchemaView schema={property} />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export type { JsonSchema };
