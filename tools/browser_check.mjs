// Browser check of the map pages in headless Chromium with the network cut (tools/browser.mjs).
// Opens BASE/, follows the link to a roll-up map, checks the red gap node, clicks a township
// node and expects its unit page.
//
// usage: node tools/browser_check.mjs BASE_URL TABLE TOWNSHIP SCREENSHOT_DIR
// stdout: one JSON object with what was seen; exit 1 (message on stderr) when a step fails.
import { join } from 'node:path';
import { check } from './browser.mjs';

const [base, table, township, shots] = process.argv.slice(2);
await check(base, async (page, seen) => {
  await page.goto(base + '/');
  seen.index_title = await page.title();
  await page.getByRole('link', { name: table, exact: true }).click();
  await page.waitForSelector('svg g.node.gap');
  seen.rollup_url = decodeURIComponent(page.url());
  seen.rollup_h1 = await page.textContent('h1');
  const gap = page.locator('svg g.node.gap');
  seen.gap_text = (await gap.locator('text').allTextContents()).join('');
  seen.gap_fill = await gap.locator('polygon').first().getAttribute('fill');
  seen.gap_classes = await gap.getAttribute('class');
  await page.screenshot({ path: join(shots, 'rollup.png'), fullPage: true });
  await page.locator('svg g.node.target', { hasText: township }).locator('a').click();
  await page.waitForURL(/\/map\/unit\//);
  seen.unit_url = decodeURIComponent(page.url());
  seen.unit_h1 = await page.textContent('h1');
  await page.screenshot({ path: join(shots, 'unit.png'), fullPage: true });
});
