// Shared launcher of the browser checks: Debian's /usr/bin/chromium driven by playwright-core
// (no browser download), with the network cut: every request that does not go to BASE is
// aborted and listed in `blocked`, as on an offline government network.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export async function offlineBrowser(base, viewport = { width: 1366, height: 900 }) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'dutygraph-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport,
  });
  const origin = new URL(base).origin;
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:') || url.startsWith('blob:')) {
      return route.continue();
    }
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  const close = async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, blocked, close };
}

// Runs `steps(page, seen)`, prints `seen` as JSON either way (a failure shows how far it got),
// and sets exit status 1 with the first line of the error on stderr when a step fails.
export async function check(base, steps, viewport) {
  const { context, blocked, close } = await offlineBrowser(base, viewport);
  const seen = {};
  try {
    const page = await context.newPage();
    await steps(page, seen);
  } catch (err) {
    console.error(`browser check failed: ${err.message.split('\n')[0]}`);
    process.exitCode = 1;
  } finally {
    seen.blocked = blocked;
    console.log(JSON.stringify(seen));
    await close();
  }
}
