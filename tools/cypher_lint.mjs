// Lint Cypher statements with Neo4j's own parser (@neo4j-cypher/language-support).
//
// stdin: JSON {name: statement} or {"statements": {name: statement}, "params": {name: [param]}}.
// With params, each statement is linted with exactly its declared parameters defined, so an
// undeclared `$x` is a diagnostic; without, "Parameter $x is not defined" is not reported.
// stdout: JSON {name: [diagnostic message with line:column]}; exit 1 when any has diagnostics.
import { lintCypherQuery, isNotParamError } from '@neo4j-cypher/language-support';

const LABELS = ['Entity', 'Notice', 'Task', 'Indicator', 'Unit', 'Group', 'Leader', 'Target',
  'Edit', 'Deadline', 'Enterprise', 'Report', 'Orphan',
  // supervision (graph/backends/neo4j/supervision_cypher.py)
  'Account', 'Audit', 'AuditHead', 'TaskStatus', 'WebSession', 'WebSecret',
  // the source registry (graph/backends/neo4j/sources_cypher.py)
  'Source', 'Registry'];
const REL_TYPES = [
  'OWNS', 'CONTAINS', 'MEMBER_OF', 'LEADS', 'PART_OF', 'CONTRIBUTES_TO', 'CITES', 'IMPLEMENTS', 'FORWARDS', 'ISSUED_BY',
  'ADDRESSED_TO', 'LOCATED_IN', 'REPORTS', 'REPORTED_BY',
  'STATES', 'DRAWS',
];

let input = '';
for await (const chunk of process.stdin) input += chunk;
const parsed = JSON.parse(input);
const statements = parsed.statements ?? parsed;
const params = parsed.params ?? null;

const out = {};
let failed = false;
for (const [name, query] of Object.entries(statements)) {
  const schema = { labels: LABELS, relationshipTypes: REL_TYPES };
  if (params) schema.parameters = Object.fromEntries((params[name] ?? []).map((p) => [p, null]));
  let { diagnostics } = lintCypherQuery(query, schema);
  if (!params) diagnostics = diagnostics.filter(isNotParamError);
  out[name] = diagnostics.map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`,
  );
  if (diagnostics.length) failed = true;
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
process.exit(failed ? 1 : 0);
