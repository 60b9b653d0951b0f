// Copies GraphiQL and React (installed by `npm ci`, versions pinned in package-lock.json) into
// api/web/static/vendor/, so that /graphql works on an offline network: no CDN at run time.
// Each package's LICENSE goes along (all MIT); graphiql.min.js bundles its own dependencies.
//
// usage: node tools/vendor_graphiql.mjs [DEST]   (default api/web/static/vendor)
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dest = process.argv[2] ?? 'api/web/static/vendor';
const FILES = {
  react: ['umd/react.production.min.js'],
  'react-dom': ['umd/react-dom.production.min.js'],
  graphiql: ['graphiql.min.js', 'graphiql.min.css'],
};
// Written next to DEST and renamed at the end, so a failed copy never leaves half a folder.
const tmp = `${dest}.tmp`;
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
const manifest = {};
let licences = '';
for (const [pkg, files] of Object.entries(FILES)) {
  const root = dirname(require.resolve(`${pkg}/package.json`));
  const meta = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const f of files) {
    const name = f.split('/').pop();
    copyFileSync(join(root, f), join(tmp, name));
    manifest[name] = { package: pkg, version: meta.version, license: meta.license };
  }
  licences += `==== ${pkg} ${meta.version} (${meta.license}) ====\n`;
  licences += readFileSync(join(root, 'LICENSE'), 'utf8') + '\n';
}
writeFileSync(join(tmp, 'LICENSES.txt'), licences);
writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
rmSync(dest, { recursive: true, force: true });
renameSync(tmp, dest);
console.log(`GraphiQL ${manifest['graphiql.min.js'].version} copied to ${dest}`);
