// Drives the cluster example in headless Chromium: the device dashboard on two servers that share one Redis
// (examples/run.sh cluster). WILDFLY_URL and PAYARA_URL name the running dashboards, SCREENSHOT_DIR where to save
// a picture of each page.
//
// Each node keeps its own tasks in memory, so a task is acknowledged by the page of the node that created it; both
// pages see every task and every acknowledgement, because each broadcast reaches the subscribers of every node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  assertEveryEventExactlyOnce, createTask, createTaskOnPage, launchChromium, openDashboard, taskIds, taskTitles,
  waitForFeed,
} from './dashboard-page.mjs';

const nodes = { wildfly: process.env.WILDFLY_URL, payara: process.env.PAYARA_URL };
const screenshotDir = process.env.SCREENSHOT_DIR || '.';
const TRANSPORTS = ['sse', 'ws'];

// Waits until every feed of every page shows each title created and acknowledged; returns the feeds by name.
async function waitOnEveryFeed(pages, titles, what) {
  const feeds = {};
  for (const [node, { page }] of Object.entries(pages)) {
    for (const transport of TRANSPORTS) {
      feeds[`${node} ${transport}`] = await waitForFeed(page, transport, (events) => titles.every((title) =>
        taskTitles(events, 'task.created').includes(title) && taskTitles(events, 'task.acked').includes(title)),
      `${what} on ${node}`);
    }
  }
  return feeds;
}

// Every feed of the cluster shows the same events, with the same ids, in the same order; each task once, acked once.
function assertOneHistory(feeds, taskCount) {
  const [[firstName, first], ...others] = Object.entries(feeds);
  assert.equal(first.length, 2 * taskCount, `${firstName}: ${taskCount} created + ${taskCount} acked: ${JSON.stringify(first)}`);
  assertEveryEventExactlyOnce(first, firstName);
  const created = taskIds(first, 'task.created');
  assert.equal(new Set(created).size, taskCount, `${firstName}: every task shown once`);
  assert.deepEqual([...taskIds(first, 'task.acked')].sort(), [...created].sort(), `${firstName}: every task acked once`);
  for (const [name, events] of others) {
    assert.deepEqual(events, first, `${name} shows what ${firstName} shows, same ids, same order`);
  }
}

test('two servers, one cluster: tasks and live events reach both pages with the same ids', { timeout: 240_000 }, async () => {
  assert.ok(nodes.wildfly && nodes.payara, 'WILDFLY_URL and PAYARA_URL must name the running dashboards');
  const browser = await launchChromium();
  try {
    const pages = {};
    for (const [node, url] of Object.entries(nodes)) pages[node] = await openDashboard(browser, url);

    // 1. A task created with the WildFly page's button appears on the Payara page, and the other way round; the
    //    acknowledgement (by the page of the node that holds the task) reaches both pages too.
    await createTaskOnPage(pages.wildfly.page, 'created on the WildFly page');
    await waitOnEveryFeed(pages, ['created on the WildFly page'], 'the WildFly page\'s task');
    await createTaskOnPage(pages.payara.page, 'created on the Payara page');
    await waitOnEveryFeed(pages, ['created on the Payara page'], 'the Payara page\'s task');

    // 2. Live events from server code on both nodes at once: three tasks through each node's REST API, concurrently.
    const live = ['wildfly', 'payara'].flatMap((node) => [1, 2, 3].map((n) => ({ node, title: `live ${n} on ${node}` })));
    await Promise.all(live.map(({ node, title }) => createTask(nodes[node], title)));
    assertOneHistory(await waitOnEveryFeed(pages, live.map(({ title }) => title), 'the live tasks'), 8);

    // 3. The Payara page goes away while tasks are created on WildFly, and resumes on Payara from the last event it
    //    saw: the cluster's history, kept in Redis, gives it what WildFly broadcast meanwhile.
    await pages.payara.page.evaluate(() => closeDevice());
    const missed = ['while away 1', 'while away 2'];
    for (const title of missed) await createTask(nodes.wildfly, title);
    await waitForFeed(pages.wildfly.page, 'ws', (events) => taskTitles(events, 'task.acked').includes(missed[1]),
      'the acknowledgement of the last task created while the Payara page was away');
    await pages.payara.page.click('#reconnect');
    const finals = await waitOnEveryFeed(pages, missed, 'the tasks created while the Payara page was away');
    assertOneHistory(finals, 10);

    for (const [node, { page }] of Object.entries(pages)) {
      await page.screenshot({ path: path.join(screenshotDir, `${node}.png`), fullPage: true });
    }
    for (const [node, { problems }] of Object.entries(pages)) {
      assert.deepEqual(problems, [], `no script errors on the ${node} page`);
    }
  } finally {
    await browser.close();
  }
});
