// Drives the device dashboard in headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser)
// against an example server that is already running: DASHBOARD_URL names it, SCREENSHOT where to save a picture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertEveryEventExactlyOnce, createTask, createTaskOnPage, launchChromium, openDashboard, taskIds,
  waitForFeed, waitUntilOpen,
} from './dashboard-page.mjs';

const dashboardUrl = process.env.DASHBOARD_URL;
const screenshot = process.env.SCREENSHOT || 'dashboard.png';

test('the dashboard receives, acknowledges and resumes over both transports', { timeout: 180_000 }, async () => {
  assert.ok(dashboardUrl, 'DASHBOARD_URL must name the running dashboard');
  const browser = await launchChromium();
  try {
    const { page, problems } = await openDashboard(browser, dashboardUrl);

    // 1. A task created with the page's button reaches both feeds; the page acks it over its WebSocket, and the
    //    observer's "task.acked" broadcast reaches both feeds too.
    await createTaskOnPage(page, 'calibrate sensor');
    const first = await createTask(dashboardUrl, 'replace filter');
    for (const transport of ['sse', 'ws']) {
      await waitForFeed(page, transport, (events) => taskIds(events, 'task.acked').length === 2, 'two acks');
    }

    // 2. Drop both connections, create tasks while the page is away, then resume from the last event seen.
    await page.evaluate(() => closeDevice());
    const missed = [await createTask(dashboardUrl, 'while away 1'), await createTask(dashboardUrl, 'while away 2')];
    await page.click('#reconnect');
    for (const transport of ['sse', 'ws']) {
      await waitForFeed(page, transport, (events) => taskIds(events, 'task.acked').length === 4, 'four acks');
    }

    // 3. Reload the page: the feeds come back from session storage and resume; one more task goes live.
    await page.reload();
    await waitUntilOpen(page);
    await createTask(dashboardUrl, 'after reload');
    const finals = {};
    for (const transport of ['sse', 'ws']) {
      finals[transport] = await waitForFeed(page, transport,
        (events) => taskIds(events, 'task.acked').length === 5, 'five acks');
    }
    await page.screenshot({ path: screenshot, fullPage: true });

    for (const [transport, events] of Object.entries(finals)) {
      assert.equal(events.length, 10, `${transport}: 5 created + 5 acked: ${JSON.stringify(events)}`);
      assertEveryEventExactlyOnce(events, transport);
      const created = taskIds(events, 'task.created');
      assert.equal(new Set(created).size, 5, `${transport}: every task shown once`);
      assert.ok(created.includes(first.id) && missed.every((t) => created.includes(t.id)),
        `${transport}: tasks created while disconnected were replayed`);
      assert.deepEqual([...taskIds(events, 'task.acked')].sort(), [...created].sort(), `${transport}: every task acked once`);
    }
    assert.deepEqual(problems, [], 'no script errors on the page');
  } finally {
    await browser.close();
  }
});
