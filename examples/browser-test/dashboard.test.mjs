// Drives the device dashboard in headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser)
// against an example server that is already running: DASHBOARD_URL names it, SCREENSHOT where to save a picture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const dashboardUrl = process.env.DASHBOARD_URL;
const screenshot = process.env.SCREENSHOT || 'dashboard.png';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT_MS = 30_000;
const DEVICE = '42';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic'];

async function createTask(title) {
  const response = await fetch(new URL(`api/devices/${DEVICE}/tasks`, dashboardUrl), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title }),
  });
  assert.equal(response.status, 201, `creating a task answered ${response.status}`);
  return JSON.parse(await response.text());
}

// Each feed line carries its event's id, type and data as data attributes; returns them.
async function feed(page, transport) {
  return page.locator(`#events-${transport} li`).evaluateAll((items) => items.map((item) => (
    { id: item.dataset.id, type: item.dataset.type, data: item.dataset.data })));
}

async function waitForFeed(page, transport, predicate, what) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const events = await feed(page, transport);
    if (predicate(events)) return events;
    if (Date.now() > deadline) assert.fail(`${transport} feed: ${what} not seen within ${WAIT_MS} ms: ${JSON.stringify(events)}`);
    await page.waitForTimeout(100);
  }
}

const taskIds = (events, type) => events.filter((e) => e.type === type).map((e) => JSON.parse(e.data).id);

// Hub-assigned ids are <epoch>-<sequence>: one epoch per topic history, the sequence increasing by one per event.
function assertEveryEventExactlyOnce(events, transport) {
  const ids = events.map((e) => /^([0-9a-f]{12})-([0-9]+)$/.exec(e.id));
  assert.ok(ids.every(Boolean), `${transport}: every event has an <epoch>-<sequence> id: ${events.map((e) => e.id)}`);
  for (let i = 1; i < ids.length; i++) {
    assert.equal(ids[i][1], ids[0][1], `${transport}: one epoch: ${events.map((e) => e.id)}`);
    assert.equal(Number(ids[i][2]), Number(ids[i - 1][2]) + 1,
      `${transport}: sequences are consecutive, no gap and no duplicate: ${events.map((e) => e.id)}`);
  }
}

test('the dashboard receives, acknowledges and resumes over both transports', { timeout: 180_000 }, async () => {
  assert.ok(dashboardUrl, 'DASHBOARD_URL must name the running dashboard');
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(dashboardUrl);
    await page.getByRole('button', { name: `Device ${DEVICE}` }).click();
    await page.locator('#state-sse.open').waitFor({ timeout: WAIT_MS });
    await page.locator('#state-ws.open').waitFor({ timeout: WAIT_MS });

    // 1. A task created with the page's button reaches both feeds; the page acks it over its WebSocket, and the
    //    observer's "task.acked" broadcast reaches both feeds too.
    await page.fill('#task-title', 'calibrate sensor');
    await page.click('#create-task');
    const first = await createTask('replace filter');
    for (const transport of ['sse', 'ws']) {
      await waitForFeed(page, transport, (events) => taskIds(events, 'task.acked').length === 2, 'two acks');
    }

    // 2. Drop both connections, create tasks while the page is away, then resume from the last event seen.
    await page.evaluate(() => closeDevice());
    const missed = [await createTask('while away 1'), await createTask('while away 2')];
    await page.click('#reconnect');
    for (const transport of ['sse', 'ws']) {
      await waitForFeed(page, transport, (events) => taskIds(events, 'task.acked').length === 4, 'four acks');
    }

    // 3. Reload the page: the feeds come back from session storage and resume; one more task goes live.
    await page.reload();
    await page.locator('#state-ws.open').waitFor({ timeout: WAIT_MS });
    await page.locator('#state-sse.open').waitFor({ timeout: WAIT_MS });
    await createTask('after reload');
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
