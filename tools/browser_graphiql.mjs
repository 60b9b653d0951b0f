// GraphiQL offline: opens BASE/graphql in headless Chromium with the network cut
// (tools/browser.mjs), waits for the editor, runs the example query with the run button and
// reads the result pane.
//
// usage: node tools/browser_graphiql.mjs BASE_URL SCREENSHOT_DIR
// stdout: one JSON object with what was seen; exit 1 (message on stderr) when a step fails.
import { join } from 'node:path';
import { check } from './browser.mjs';

const [base, shots] = process.argv.slice(2);
await check(base, async (page, seen) => {
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('pageerror', (e) => failed.push(`pageerror: ${e.message}`));
  seen.failed = failed;
  await page.goto(base + '/graphql', { waitUntil: 'load' });
  seen.title = await page.title();
  await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 20000 });
  seen.editor = true;
  await page.locator('button.graphiql-execute-button').click();
  const result = page.locator('.graphiql-response .CodeMirror');
  await page.waitForFunction(
    () => (document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? '')
      .includes('"data"'),
    null,
    { timeout: 20000 },
  );
  seen.result = await result.evaluate((el) => el.CodeMirror.getValue());
  await page.screenshot({ path: join(shots, 'graphiql.png'), fullPage: true });
});
