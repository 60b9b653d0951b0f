// Browser check of the supervision pages in headless Chromium (Debian's /usr/bin/chromium,
// playwright-core). A unit logs in, reports a value and sees the light change, is refused on
// another unit's target, signs a task; the office closes it and exports the ledger; the audit
// page lists the changes. The unit's map and GraphQL show its task × unit light before and
// after the office closes the task.
//
// usage: node tools/supervision_check.mjs BASE UNIT_TOKEN OFFICE_TOKEN TARGET OTHER_TARGET TASK SHOTS
//        UNIT_ID MAP_PATH TASK_SVG_ID
// stdout: one JSON object with what was seen; exit 1 (message on stderr) when a step fails.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, unitToken, officeToken, target, otherTarget, task, shots, unitId, mapPath, taskNode] =
  process.argv.slice(2);
const args = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const seen = {};
const dirs = [];

async function open() {
  const dir = mkdtempSync(join(tmpdir(), 'dutygraph-chromium-'));
  dirs.push(dir);
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args,
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
  });
}

async function login(page, token) {
  await page.goto(base + '/login');
  await page.fill('input[name=token]', token);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
}

// The class of the task's node on the unit's map, and the unit's row of GraphQL Task.supervision.
async function lights(p) {
  await p.goto(base + mapPath);
  const map = await p.locator(`svg g#${taskNode}`).getAttribute('class');
  const row = await p.evaluate(async ([t, u]) => {
    const query = 'query($t: String!) { task(id: $t) { status { colour } supervision { units { unitId status light } } } }';
    const r = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables: { t } }),
    });
    const body = await r.json();
    return body.data.task.supervision.units.find((x) => x.unitId === u);
  }, [task, unitId]);
  return { map, status: row.status, light: row.light };
}

const contexts = [];
try {
  const unit = await open();
  contexts.push(unit);
  const page = await unit.newPage();
  await login(page, unitToken);
  seen.unit_url = page.url();
  seen.unit_h1 = await page.textContent('h1');
  const row = page.locator(`tr[data-target="${target}"]`);
  seen.light_before = (await row.locator('td.light').textContent()).trim();
  await row.locator('input[name=value]').fill('5');
  await Promise.all([page.waitForLoadState('load'), row.locator('button').click()]);
  seen.message = (await page.textContent('p.done')).trim();
  const after = page.locator(`tr[data-target="${target}"]`);
  seen.light_after = (await after.locator('td.light').textContent()).trim();
  seen.actual_after = (await after.locator('td').nth(3).textContent()).trim();
  await page.screenshot({ path: join(shots, 'my.png'), fullPage: true });
  // Tamper with the form to aim at another unit's target: the server must refuse.
  await after.locator('input[name=target]').evaluate((el, id) => { el.value = id; }, otherTarget);
  await after.locator('input[name=value]').fill('9');
  const refused = page.waitForResponse((r) => r.url().endsWith('/my') && r.request().method() === 'POST');
  await after.locator('button').click();
  seen.refused_status = (await refused).status();
  await page.waitForLoadState('load');
  seen.refused_text = (await page.textContent('p.problem')).trim();
  await page.goto(base + '/my');
  const taskRow = page.locator(`tr[data-task="${task}"]`);
  await Promise.all([page.waitForLoadState('load'), taskRow.getByRole('button', { name: '签收' }).click()]);
  seen.task_status = (await page.locator(`tr[data-task="${task}"] td`).nth(6).textContent()).trim();

  const office = await open();
  contexts.push(office);
  const desk = await office.newPage();
  await login(desk, officeToken);
  seen.office_h1 = await desk.textContent('h1');
  seen.lights_before = await lights(desk);
  await desk.goto(base + '/ledger');
  await desk.fill('input[name=unit]', '税郭镇');
  await Promise.all([desk.waitForLoadState('load'), desk.getByRole('button', { name: '筛选' }).click()]);
  const line = desk.locator(`tr[data-task="${task}"]`);
  await line.locator('input[name=note]').fill('经核查已完成');
  await Promise.all([desk.waitForLoadState('load'), line.getByRole('button', { name: '办结' }).click()]);
  seen.close_message = (await desk.textContent('p.done')).trim();
  await desk.fill('input[name=unit]', '税郭镇');
  await Promise.all([desk.waitForLoadState('load'), desk.getByRole('button', { name: '筛选' }).click()]);
  seen.closed_status = (await desk.locator(`tr[data-task="${task}"] td`).nth(9).textContent()).trim();
  seen.lights_after = await lights(desk);
  await desk.screenshot({ path: join(shots, 'unit_map.png'), fullPage: true });
  await desk.goto(base + '/ledger');
  const [download] = await Promise.all([
    desk.waitForEvent('download'),
    desk.getByRole('link', { name: '导出 Excel' }).click(),
  ]);
  const file = join(shots, 'ledger.xlsx');
  await download.saveAs(file);
  seen.download_name = download.suggestedFilename();
  seen.download_zip = readFileSync(file).subarray(0, 2).toString('latin1');
  await desk.goto(base + '/audit?unit=' + encodeURIComponent('税郭镇'));
  seen.audit = await desk.locator('table.audit tbody tr').evaluateAll((rows) =>
    rows.slice(0, 3).map((r) => Array.from(r.cells).slice(1, 4).map((c) => c.textContent)));
  await desk.screenshot({ path: join(shots, 'audit.png'), fullPage: true });
} catch (err) {
  console.error(`supervision check failed: ${err.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  console.log(JSON.stringify(seen));
  for (const c of contexts) await c.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
