// The gaps page in headless Chromium with the network cut (tools/browser.mjs): the counts per
// kind, 下一页 / 上一页 and the page-number box, then the print preview of one page (A4).
//
// usage: node tools/browser_gaps.mjs BASE_URL GAPS_PATH PAGE SHOTS_DIR (PAGE: typed in the
// page-number box, then printed)
// stdout: one JSON object with what was seen; exit 1 (message on stderr) when a step fails.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from './browser.mjs';

const [base, gapsPath, jump, shots] = process.argv.slice(2);
const rows = (page) => page.$$eval('table.gaps tbody tr', (trs) =>
  trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
await check(base, async (page, seen) => {
  await page.goto(base + gapsPath);
  seen.h1 = await page.textContent('h1');
  seen.counts = await page.$$eval('table.gap-counts tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('th, td')].map((td) => td.textContent)));
  seen.pager = await page.textContent('nav.pager .at');
  seen.first_rows = await rows(page);

  await page.locator('nav.pager a[rel=next]').first().click();
  await page.waitForURL(/page=2/);
  seen.next_url = decodeURIComponent(page.url());
  seen.next_pager = await page.textContent('nav.pager .at');
  seen.next_first = (await rows(page))[0];

  await page.locator('nav.pager a[rel=prev]').first().click();
  await page.waitForURL((url) => !url.search.includes('page='));
  seen.prev_first = (await rows(page))[0];

  await page.locator('nav.pager input[name=page]').first().fill(jump);
  await page.locator('nav.pager button').first().click();
  await page.waitForURL(new RegExp(`page=${jump}$`));
  seen.jump_pager = await page.textContent('nav.pager .at');
  seen.export = await page.getAttribute('a.export', 'href');
  await page.screenshot({ path: join(shots, 'gaps.png'), fullPage: true });

  await page.emulateMedia({ media: 'print' });
  seen.print_form = await page.$eval('form.search', (f) => getComputedStyle(f).display);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(join(shots, 'gaps-print.pdf'), pdf);
  const text = pdf.toString('latin1');
  seen.pdf_pages = (text.match(/\/Type\s*\/Page[^s]/g) || []).length;
  seen.pdf_mediabox = (text.match(/\/MediaBox\s*\[([^\]]*)\]/) || [])[1];
});
