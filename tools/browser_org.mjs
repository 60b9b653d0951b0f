// An org map in headless Chromium with the network cut (tools/browser.mjs): click the group's
// "通知未列明组长、副组长" node and land on the group's member list, at its leaders.
//
// usage: node tools/browser_org.mjs BASE_URL ORG_MAP_PATH SHOTS_DIR
// stdout: one JSON object with what was seen; exit 1 (message on stderr) when a step fails.
import { join } from 'node:path';
import { check } from './browser.mjs';

const [base, orgPath, shots] = process.argv.slice(2);
await check(base, async (page, seen) => {
  await page.goto(base + orgPath);
  await page.waitForSelector('svg g.node.more');
  const more = page.locator('svg g.node.more').first();
  seen.more_text = (await more.locator('text').allTextContents()).join('');
  seen.more_tooltip = await more.locator('a').first().getAttribute('xlink:title');
  await more.locator('a').first().click();
  await page.waitForURL(/\/members\//);
  seen.members_url = decodeURIComponent(page.url());
  seen.members_h1 = await page.textContent('h1');
  seen.towns = await page.$$eval('#region + ul.units a[href*="/map/unit/"]', (as) => as.length);
  await page.screenshot({ path: join(shots, 'members.png'), fullPage: true });
});
