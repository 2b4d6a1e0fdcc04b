// What the browser tests share: launching Debian's Chromium (never a downloaded browser), reading the dashboard's
// feeds, creating tasks through the REST API, and the checks on event ids.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const WAIT_MS = 30_000;
export const DEVICE = '42';

const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic'];

export function launchChromium() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

// Opens the dashboard at the URL in a page of its own (own storage), picks the device and waits until both of its
// feeds are open; script errors of the page are collected into the returned `problems`.
export async function openDashboard(browser, dashboardUrl) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(dashboardUrl);
  await page.getByRole('button', { name: `Device ${DEVICE}` }).click();
  await waitUntilOpen(page);
  return { page, problems };
}

export async function waitUntilOpen(page) {
  await page.locator('#state-sse.open').waitFor({ timeout: WAIT_MS });
  await page.locator('#state-ws.open').waitFor({ timeout: WAIT_MS });
}

// Creates a task through the dashboard's REST API, as server code on that node would broadcast it.
export async function createTask(dashboardUrl, title) {
  const response = await fetch(new URL(`api/devices/${DEVICE}/tasks`, dashboardUrl), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title }),
  });
  assert.equal(response.status, 201, `creating a task on ${dashboardUrl} answered ${response.status}`);
  return JSON.parse(await response.text());
}

// Creates a task with the page's own form and button.
export async function createTaskOnPage(page, title) {
  await page.fill('#task-title', title);
  await page.click('#create-task');
}

// Each feed line carries its event's id, type and data as data attributes; returns them.
export async function feed(page, transport) {
  return page.locator(`#events-${transport} li`).evaluateAll((items) => items.map((item) => (
    { id: item.dataset.id, type: item.dataset.type, data: item.dataset.data })));
}

export async function waitForFeed(page, transport, predicate, what) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const events = await feed(page, transport);
    if (predicate(events)) return events;
    if (Date.now() > deadline) assert.fail(`${transport} feed: ${what} not seen within ${WAIT_MS} ms: ${JSON.stringify(events)}`);
    await page.waitForTimeout(100);
  }
}

export const taskIds = (events, type) => events.filter((e) => e.type === type).map((e) => JSON.parse(e.data).id);

export const taskTitles = (events, type) => events.filter((e) => e.type === type).map((e) => JSON.parse(e.data).title);

// Hub-assigned ids are <epoch>-<sequence>: one epoch per topic history, the sequence increasing by one per event.
export function assertEveryEventExactlyOnce(events, transport) {
  const ids = events.map((e) => /^([0-9a-f]{12})-([0-9]+)$/.exec(e.id));
  assert.ok(ids.every(Boolean), `${transport}: every event has an <epoch>-<sequence> id: ${events.map((e) => e.id)}`);
  for (let i = 1; i < ids.length; i++) {
    assert.equal(ids[i][1], ids[0][1], `${transport}: one epoch: ${events.map((e) => e.id)}`);
    assert.equal(Number(ids[i][2]), Number(ids[i - 1][2]) + 1,
      `${transport}: sequences are consecutive, no gap and no duplicate: ${events.map((e) => e.id)}`);
  }
}
