// Map pages in headless Chromium with the network cut (tools/browser.mjs): the section order
// of a task map, the label size of a large org map at 100% zoom, and the print preview
// (page.pdf with print media) of a map page.
//
// usage: node tools/browser_maps.mjs BASE_URL NOTICE_PATH ORG_PATH SHOTS_DIR
// stdout: one JSON object with what was seen; exit 1 (message on stderr) when a step fails.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from './browser.mjs';

const [base, noticePath, orgPath, shots] = process.argv.slice(2);
await check(base, async (page, seen) => {
  await page.goto(base + noticePath);
  await page.waitForSelector('svg g.node.section');
  // Sections top to bottom as drawn (rankdir LR: one column of sections).
  seen.sections = await page.$$eval('svg g.node.section', (nodes) =>
    nodes
      .map((n) => ({ text: n.querySelector('text').textContent, top: n.getBoundingClientRect().top }))
      .sort((a, b) => a.top - b.top)
      .map((n) => n.text));
  seen.clusters = await page.$$eval('svg g.cluster > text', (ts) => ts.map((t) => t.textContent));
  seen.tooltips = await page.$$eval('svg g.node title, svg a[title], svg a', (as) =>
    as.map((a) => a.getAttribute('xlink:title') || a.getAttribute('title') || '').filter(Boolean));
  await page.screenshot({ path: join(shots, 'notice.png'), fullPage: true });

  await page.goto(base + orgPath);
  await page.waitForSelector('svg g.node');
  // Rendered font size of every label: its font-size times the SVG's scale on screen.
  seen.org_font_px = await page.$$eval('svg g.node text', (ts) =>
    ts.map((t) => t.getScreenCTM().a * parseFloat(t.getAttribute('font-size'))));
  // [width on screen, width the SVG asks for (pt -> px)]: not squeezed to the page.
  seen.org_width = await page.$eval('.map svg', (svg) =>
    [svg.getBoundingClientRect().width, (parseFloat(svg.getAttribute('width')) * 4) / 3]);
  await page.screenshot({ path: join(shots, 'org.png') });

  await page.emulateMedia({ media: 'print' });
  seen.print_legend = await page.$eval('#legend', (l) =>
    l.getBoundingClientRect().height > 0 ? l.innerText : '');
  seen.print_hidden = await page.$eval('header', (h) => getComputedStyle(h).display);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(join(shots, 'org-print.pdf'), pdf);
  const text = pdf.toString('latin1');
  seen.pdf_pages = (text.match(/\/Type\s*\/Page[^s]/g) || []).length;
  seen.pdf_mediabox = (text.match(/\/MediaBox\s*\[([^\]]*)\]/) || [])[1];
  await page.screenshot({ path: join(shots, 'org-print.png'), fullPage: true });
});
