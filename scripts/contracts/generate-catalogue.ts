/**
 * Writes docs/event-catalogue.md: the prose below plus, for every event type,
 * what it means, who produces it, where it travels and a table of its fields
 * with their data categories — the tables are read from schemas/, so they
 * cannot drift from the contract.
 *
 *   npx tsx scripts/contracts/generate-catalogue.ts           # write the file
 *   npx tsx scripts/contracts/generate-catalogue.ts --check   # exit 1 when it is stale
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { CATEGORY_KEYWORD } from '@beacon/contracts/categories';
import { ChannelKind, EVENT_FLOWS } from '@beacon/contracts/event-flows';
import { parseEventType } from '@beacon/contracts/event-type';
import { loadExamples } from '@beacon/contracts/examples';
import { SchemaRegistry, defaultSchemasDir } from '@beacon/contracts/schema-registry';
import { JsonSchema, JsonSchemaObject, isSchemaObject } from '@beacon/contracts/schema-ref';
import { topicsFor } from '@beacon/messaging/topics';

/** Where the catalogue lives, relative to the repository root. */
export const CATALOGUE_MD = join('docs', 'event-catalogue.md');

const INTRO = `<!-- GENERATED FILE — do not edit. Written by scripts/contracts/generate-catalogue.ts from
schemas/; change the schemas or the prose in that script, then run
npx tsx scripts/contracts/generate-catalogue.ts (npm test fails while this file is stale). -->

# Event catalogue

Every event Beacon carries, what it means, who writes it, where it travels
and what each of its fields is. The contract itself is the JSON Schema
under \`schemas/\` (one file per type and version, \`$id\` =
\`https://schemas.beacon.example/<type>.json\`, which events carry as
CloudEvents \`dataschema\`); \`docs/asyncapi.yaml\` describes the topics and
messages for tools. Shared definitions live in \`schemas/common/\`; realistic,
fictional examples in \`schemas/examples/<type>/\`.

## Envelope

CloudEvents 1.0 in Kafka binary mode: \`ce_id\`, \`ce_source\`, \`ce_type\`,
\`ce_specversion\`, \`ce_time\`, \`ce_subject\` (required), \`ce_dataschema\`,
\`ce_correlationid\`, \`ce_causationid\` (optional) in headers; the body is the
event data as JSON; the record key is \`ce_subject\`, the subject id, so all
events about one person keep one order.

## Data categories

Every leaf field carries \`x-beacon-category\`. Sector policies decide per
category (\`allow\`, \`drop\`, \`mask\`, \`hash\`, \`generalize\`); consent
provisions name categories too. A field without a category is withheld
from everyone, and the tests fail on it.

| category | what it covers |
| --- | --- |
| \`identity\` | what names or singles out a person: names, aliases, date of birth, document numbers, the subject id, a tipster's name |
| \`contact\` | how to reach the person: phone numbers, e-mail addresses, safe contact arrangements |
| \`location.precise\` | where exactly: coordinates, street address, postcode, business name |
| \`location.area\` | roughly where: town or district, postal district, region, country, kind of place |
| \`demographic\` | age range and group, gender, nationality, languages |
| \`health\` | health facts: pregnancy, injuries, need for urgent care, clinical notes |
| \`immigration\` | immigration status, which documents exist, who issued them, expiry |
| \`criminal-justice\` | what points to a crime: exploitation type, means of control, indicators, who holds documents, risk at the scene, police references, vehicles |
| \`narrative\` | free text written by a person; scrubbed of identifiers before it reaches a sector that may not see identity |
| \`operational\` | what Beacon and its partners need to route and act: ids of alerts, referrals, consents and records, times, urgency, statuses, reason codes, partner ids and sectors, service types |

Choices worth knowing:

- **The subject id is \`identity\`.** It is a pseudonym, but it links every
  record about one person across partners. Policy may pass it on, hash it
  per recipient (so two partners cannot join on it) or drop it.
- **Case workers' names and work contact details are \`operational\`.** They
  are professionals' work details, not the subject's identity or contact
  data, and every recipient of a referral needs them to call back.
- **Service needs (\`needs/*/type\`) are \`operational\`.** They route the
  referral. A need such as \`medical\` or \`counselling\` hints at health;
  clinical facts themselves go in \`health\` fields.
- **A tipster's name is \`identity\`, their phone and e-mail \`contact\`**: they
  identify the reporter rather than the subject, but are as sensitive.
- **No \`consent\` or \`audit\` categories.** Consent and audit events carry ids,
  times and codes (\`operational\`), the subject id (\`identity\`) and free text
  (\`narrative\`); nothing in them needs a separate rule. Audit events travel
  only on the audit topic, which no partner reads.

## Schema rules

- A **leaf** is any schema node that is neither an object with properties
  nor an array. The category sits on the leaf. **For arrays the category
  sits on \`items\`, never on the array**, so the path of an alias is
  \`/subject/aliases/*\`. Objects carry no category.
- Every object has \`additionalProperties: false\`. A union (\`oneOf\` with a
  \`discriminator\`, as in \`Location\` and \`Grantee\`) counts as closed when
  each branch is.
- Every string has \`maxLength\` (or a fixed set of values), every number
  \`minimum\` and \`maximum\`, every array \`maxItems\`; dates use
  \`format: date\` or \`date-time\` (with a time zone).
- A category given on a shared code list in \`common/vocabulary.json\` is a
  default; the place that uses it may give its own (a country code is
  \`demographic\` as a nationality, \`location.area\` in an address,
  \`immigration\` as a document's issuer).

## Versions

A new version of a type must read every earlier version's data
(BACKWARD_TRANSITIVE, checked in \`libs/contracts/src/compatibility.spec.ts\`):
adding optional fields, enum values and kinds, and relaxing limits is fine;
adding required fields, removing fields, narrowing types, removing enum
values, tightening limits, or adding a format or pattern is not — that needs
a new type name. \`org.beacon.alert.raised.v2\` is the first such evolution;
every v1 example validates under v2.

Shared files in \`schemas/common/\` are part of every version that refers to
them: changing one changes old versions too. Widen them only in ways that
every reader accepts, or give the new version its own definition (as
\`alert.raised.v2\` does with its longer indicator list).

## Delivered data

What a partner receives on \`beacon.deliver.<partner>\` is a redacted copy:
withheld fields are absent, masked, hashed or generalised, so a delivered
payload may lack fields the schema requires. The matching
\`disclosure.recorded\` event lists every disclosed and withheld path.
`;

const CHANNEL_TOPICS = (() => {
  const topics = topicsFor();
  const names: Record<ChannelKind, string> = {
    inbound: `\`${topics.inboundPrefix}<partner>\``,
    events: `\`${topics.events}\``,
    deliver: `\`${topics.deliverPrefix}<partner>\``,
    rejections: `\`${topics.rejectionsPrefix}<partner>\``,
    audit: `\`${topics.audit}\``,
  };
  return names;
})();

const KEYS = {
  'subject-id': 'the subject id',
  'partner-id': 'the partner id',
  'subject-id-or-partner-id': "the subject id of the resource, or the caller's partner id when there is none",
};

interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly category: string;
  readonly notes: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

function describeType(node: JsonSchemaObject): string {
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  const type = Array.isArray(node.type) ? node.type.join(' or ') : String(node.type ?? 'any');
  if (Array.isArray(node.enum))
    return `${type}, one of: ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  const limits: string[] = [];
  if (typeof node.format === 'string') limits.push(node.format);
  if (typeof node.maxLength === 'number') limits.push(`≤ ${node.maxLength} chars`);
  if (typeof node.pattern === 'string') limits.push(`pattern \`${node.pattern}\``);
  if (typeof node.minimum === 'number' || typeof node.maximum === 'number') {
    limits.push(`${node.minimum ?? '…'}–${node.maximum ?? '…'}`);
  }
  return limits.length > 0 ? `${type} (${limits.join(', ')})` : type;
}

function listNote(node: JsonSchemaObject): string {
  const bounds = [
    typeof node.minItems === 'number' && node.minItems > 0 ? `at least ${node.minItems}` : undefined,
    typeof node.maxItems === 'number' ? `at most ${node.maxItems}` : undefined,
  ].filter(Boolean);
  if (node.uniqueItems === true) bounds.push('no repeats');
  return `list${bounds.length > 0 ? ` (${bounds.join(', ')})` : ''}`;
}

/**
 * One row per field of an inlined schema, in schema order: leaves with their
 * category, objects and lists of objects with `—` (they carry none).
 */
function rows(schema: JsonSchema): Row[] {
  const out: Row[] = [];
  const descriptionOf = (node: JsonSchemaObject): string[] =>
    typeof node.description === 'string' ? [node.description] : [];
  const container = (path: string, type: string, required: boolean, notes: string[]) => {
    if (path !== '') out.push({ path, type, required, category: '—', notes: notes.join(' ') });
  };

  const walk = (
    node: JsonSchema,
    path: string,
    required: boolean,
    notes: string[],
    listOf: string[],
    isBranch: boolean,
  ) => {
    if (!isSchemaObject(node)) return;
    const branches = Array.isArray(node.oneOf)
      ? node.oneOf
      : Array.isArray(node.anyOf)
        ? node.anyOf
        : undefined;
    if (branches !== undefined) {
      const tag = isSchemaObject(node.discriminator) ? String(node.discriminator.propertyName) : undefined;
      const kinds =
        tag === undefined ? 'one of several shapes' : `one of ${branches.length} kinds by \`${tag}\``;
      container(path, [...listOf, `object, ${kinds}`].join(' of '), required, [
        ...notes,
        ...descriptionOf(node),
      ]);
      const before = out.length;
      for (const branch of branches as JsonSchema[]) {
        const properties =
          isSchemaObject(branch) && isSchemaObject(branch.properties) ? branch.properties : {};
        const tagValue =
          tag === undefined ? undefined : (properties[tag] as JsonSchemaObject | undefined)?.const;
        walk(
          branch,
          path,
          required,
          tagValue === undefined ? [] : [`(${tag} \`${String(tagValue)}\`)`],
          [],
          true,
        );
      }
      // One row per path: a field several kinds share is listed once, with each kind named.
      const merged: Row[] = [];
      const seen = new Map<string, number>();
      for (const row of out.splice(before)) {
        const index = seen.get(row.path);
        if (index === undefined) {
          seen.set(row.path, merged.length);
          merged.push(row);
          continue;
        }
        const first = merged[index];
        const kindNote = row.notes.match(/^\([^)]*\)/)?.[0] ?? '';
        merged[index] = {
          ...first,
          type: first.type.split(' or ').includes(row.type) ? first.type : `${first.type} or ${row.type}`,
          required: first.required && row.required,
          notes: first.notes.replace(
            /^\(([^)]*)\)/,
            (_all, kinds: string) => `(${kinds}, ${kindNote.slice(1, -1).replace(`${tag} `, '')})`,
          ),
        };
      }
      out.push(...merged);
      return;
    }
    if (isSchemaObject(node.properties)) {
      if (!isBranch)
        container(path, [...listOf, 'object'].join(' of '), required, [...notes, ...descriptionOf(node)]);
      const requiredNames = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
      for (const [name, child] of Object.entries(node.properties)) {
        walk(
          child as JsonSchema,
          `${path}/${name}`,
          requiredNames.has(name),
          isBranch ? notes : [],
          [],
          false,
        );
      }
      return;
    }
    if (node.items !== undefined) {
      walk(
        node.items as JsonSchema,
        `${path}/*`,
        required,
        [...notes, ...descriptionOf(node)],
        [...listOf, listNote(node)],
        false,
      );
      return;
    }
    out.push({
      path,
      type: [...listOf, describeType(node)].join(' of '),
      required,
      category: String(node[CATEGORY_KEYWORD] ?? '**none**'),
      notes: [...notes, ...descriptionOf(node)].join(' '),
    });
  };
  walk(schema, '', true, [], [], false);
  return out;
}

function section(registry: SchemaRegistry, type: string, exampleNames: readonly string[]): string {
  const schema = registry.resolvedSchemaFor(type);
  const { name, version } = parseEventType(type);
  const flow = EVENT_FLOWS[name];
  if (flow === undefined) throw new Error(`${type} has no entry in EVENT_FLOWS`);
  const title = typeof schema.title === 'string' ? schema.title.replace(/\s*\(v\d+\)$/, '') : name;
  const table = rows(schema)
    .map((row) => {
      const category = row.category === '—' ? '—' : `\`${row.category}\``;
      return `| \`${row.path}\` | ${cell(row.type)} | ${row.required ? 'yes' : ''} | ${category} | ${cell(row.notes)} |`;
    })
    .join('\n');
  return `## ${title} — \`${type}\`

${String(schema.description ?? '')}

- **Produced by:** ${flow.producedBy}.
- **Topics:** ${flow.channels.map((kind) => CHANNEL_TOPICS[kind]).join(', ')}.
- **Key:** ${KEYS[flow.key]}.
- **Schema:** \`schemas/${type}.json\` (version ${version}); examples: ${exampleNames.map((n) => `\`${n}\``).join(', ')}.

"required" means required in its parent object, when that is present; the items of a list end in \`/*\`.

| field | type | required | category | notes |
| --- | --- | --- | --- | --- |
${table}
`;
}

/** Renders the catalogue, in memory. */
export function renderCatalogue(schemasDir: string = defaultSchemasDir()): string {
  const registry = SchemaRegistry.load(schemasDir);
  const examples = loadExamples(schemasDir);
  const types = registry.types();
  const contents = types.map((type) => `- [\`${type}\`](#${anchor(registry, type)})`).join('\n');
  const sections = types.map((type) =>
    section(
      registry,
      type,
      examples.filter((e) => e.type === type).map((e) => e.name),
    ),
  );
  return `${INTRO}\n## Types\n\n${contents}\n\n${sections.join('\n')}`;
}

// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
function anchor(registry: SchemaRegistry, type: string): string {
  const schema = registry.schemaFor(type);
  const title = typeof schema.title === 'string' ? schema.title.replace(/\s*\(v\d+\)$/, '') : type;
  return `${title} — ${type}`
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function main(argv: readonly string[]): number {
  const root = dirname(defaultSchemasDir());
  const target = join(root, CATALOGUE_MD);
  const text = renderCatalogue();
  if (argv.includes('--check')) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current === text) {
      console.log(`${relative(root, target)} is up to date`);
      return 0;
    }
    console.error(`${relative(root, target)} is stale: run npx tsx scripts/contracts/generate-catalogue.ts`);
    return 1;
  }
  writeFileSync(target, text);
  console.log(`wrote ${relative(root, target)}`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
