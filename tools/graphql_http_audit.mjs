// GraphQL-over-HTTP conformance: runs the server audits of the npm package graphql-http (the
// reference test suite of the GraphQL over HTTP specification) against a running server.
//
// usage: node tools/graphql_http_audit.mjs URL
// stdout: one JSON object {ok, warn, error, results: [{id, name, status, reason}]};
// exit 1 when an audit warns or errors.
import { auditServer } from 'graphql-http';

const [url] = process.argv.slice(2);
const results = await auditServer({ url });
const out = { ok: 0, warn: 0, error: 0, results: [] };
for (const r of results) {
  out[r.status] += 1;
  const reason = r.status === 'ok' ? undefined : r.reason;
  out.results.push({ id: r.id, name: r.name, status: r.status, reason });
}
console.log(JSON.stringify(out));
process.exitCode = out.warn || out.error ? 1 : 0;
