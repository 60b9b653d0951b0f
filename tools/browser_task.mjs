// Task nodes in headless Chromium with the network cut (tools/browser.mjs): on a task map, click
// a task node and land on its task page; back on the map, click a section's 另有K项 node and land
// on the list of that section's tasks.
//
// usage: node tools/browser_task.mjs BASE_URL NOTICE_PATH TASK_TEXT SHOTS_DIR
// stdout: one JSON object with what was seen; exit 1 (message on stderr) when a step fails.
import { join } from 'node:path';
import { check } from './browser.mjs';

const [base, noticePath, taskText, shots] = process.argv.slice(2);
await check(base, async (page, seen) => {
  await page.goto(base + noticePath);
  await page.waitForSelector('svg g.node.task');
  const task = page.locator('svg g.node.task', { hasText: taskText });
  seen.task_tooltip = await task.locator('a').first().getAttribute('xlink:title');
  await task.locator('a').first().click();
  await page.waitForURL(/\/task\//);
  seen.task_url = decodeURIComponent(page.url());
  seen.task_h1 = await page.textContent('h1');
  seen.task_owners = await page.$$eval('table.owners a', (as) => as.map((a) => a.textContent));
  await page.screenshot({ path: join(shots, 'task.png'), fullPage: true });

  await page.goBack();
  await page.waitForSelector('svg g.node.more');
  // The 另有K项 of a section (its link names the section), not one of a task's owners.
  const more = page.locator('svg g.node.more', { has: page.locator('a[*|href*="section="]') });
  seen.more_text = (await more.locator('text').allTextContents()).join('');
  await more.locator('a').first().click();
  await page.waitForURL(/\/notice\//);
  seen.more_url = decodeURIComponent(page.url());
  seen.more_tasks = await page.$$eval('table.tasks a[href*="/task/"]', (as) => as.length);
  await page.screenshot({ path: join(shots, 'more.png'), fullPage: true });
});
