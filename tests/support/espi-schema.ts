import { spawnSync } from "node:child_process";
import path from "node:path";

const schema = path.join(import.meta.dirname, "../fixtures/greenbutton/espi.xsd");

/**
 * Validates a Green Button document against NAESB ESPI 4.0 (espi.xsd and the Atom schema it
 * imports) with xmllint, offline. Needs Debian's libxml2-utils.
 */
export function validateEspi(xml: string): { valid: boolean; errors: string } {
  const run = spawnSync("xmllint", ["--noout", "--nonet", "--schema", schema, "-"], {
    input: xml,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error)
    throw new Error(`xmllint could not run (apt-get install libxml2-utils): ${run.error.message}`);
  return { valid: run.status === 0, errors: run.stderr };
}
