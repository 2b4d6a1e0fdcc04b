// Device dashboard: one topic per device, fed over EventSource and WebSocket by the same hub.
// Each feed remembers the id of the last event it showed (in sessionStorage, so a page reload keeps it) and
// resumes from there: EventSource with ?lastEventId=, WebSocket with ?lastEventId= on the envelope stream.
'use strict';

const base = new URL('.', document.baseURI);
const feeds = {};
let current = null;

function stored(deviceId, transport) {
  const key = `melody:${deviceId}:${transport}`;
  const saved = JSON.parse(sessionStorage.getItem(key) || '{"lastId":null,"lines":[]}');
  return { key, ...saved, save() { sessionStorage.setItem(key, JSON.stringify({ lastId: this.lastId, lines: this.lines })); } };
}

function setState(transport, state) {
  const badge = document.getElementById(`state-${transport}`);
  badge.textContent = state;
  badge.className = `state ${state}`;
}

function show(transport, feed, id, type, data, cssClass) {
  feed.lines.push({ id: id ?? null, type, data, cssClass: cssClass || '' });
  if (id !== null && id !== undefined) feed.lastId = id;
  feed.save();
  render(transport, feed);
}

function describe(type, data) {
  try {
    const task = JSON.parse(data);
    return type === 'task.acked' ? `task ${task.id} "${task.title}" acknowledged` : `task ${task.id} "${task.title}"`;
  } catch {
    return data;
  }
}

function render(transport, feed) {
  const list = document.getElementById(`events-${transport}`);
  list.replaceChildren(...feed.lines.map(({ id, type, data, cssClass }) => {
    const item = document.createElement('li');
    item.dataset.id = id ?? '';
    item.dataset.type = type;
    item.dataset.data = data;
    const label = document.createElement('span');
    label.className = 'type';
    label.textContent = `#${id ?? '-'} ${type}`;
    item.append(label, ` ${describe(type, data)}`);
    if (cssClass) item.className = cssClass;
    return item;
  }));
}

function topicUrl(path, deviceId, lastId) {
  const url = new URL(`${path}/device-${encodeURIComponent(deviceId)}`, base);
  if (lastId) url.searchParams.set('lastEventId', lastId);
  return url;
}

function openSse(deviceId) {
  const feed = stored(deviceId, 'sse');
  render('sse', feed);
  setState('sse', 'connecting');
  const source = new EventSource(topicUrl('melody/events', deviceId, feed.lastId));
  source.onopen = () => setState('sse', 'open');
  source.onerror = () => setState('sse', source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
  for (const type of ['task.created', 'task.acked']) {
    source.addEventListener(type, (e) => show('sse', feed, e.lastEventId, type, e.data));
  }
  source.addEventListener('melody.resync', (e) => show('sse', feed, null, 'resync', e.data, 'resync'));
  source.addEventListener('melody.gap', (e) => show('sse', feed, e.lastEventId, 'gap', e.data, 'resync'));
  return { close: () => { source.close(); setState('sse', 'closed'); } };
}

function openWebSocket(deviceId) {
  const feed = stored(deviceId, 'ws');
  render('ws', feed);
  let socket = null;
  let closedByPage = false;
  let retry = 500;
  const connect = () => {
    setState('ws', 'connecting');
    const target = topicUrl('ws', deviceId, feed.lastId);
    target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(target);
    socket.onopen = () => { setState('ws', 'open'); retry = 500; };
    socket.onmessage = (message) => {
      const envelope = JSON.parse(message.data);
      if (envelope.event === 'melody.resync' || envelope.event === 'melody.gap') {   // events were missed
        show('ws', feed, envelope.id, envelope.event.substring('melody.'.length), envelope.data, 'resync');
        return;
      }
      show('ws', feed, envelope.id, envelope.event, envelope.data);
      if (envelope.event === 'task.created') {
        const task = JSON.parse(envelope.data);
        socket.send(JSON.stringify({ type: 'ack', taskId: task.id }));
      }
    };
    socket.onclose = () => {
      setState('ws', 'closed');
      if (!closedByPage) {
        setTimeout(connect, retry);
        retry = Math.min(retry * 2, 10000);
      }
    };
  };
  connect();
  return { close: () => { closedByPage = true; socket.close(1000, 'page closed'); setState('ws', 'closed'); } };
}

function openDevice(deviceId) {
  closeDevice();
  current = deviceId;
  document.getElementById('device').hidden = false;
  document.getElementById('device-title').textContent = `Device ${deviceId}`;
  document.querySelectorAll('#devices button').forEach((b) => b.setAttribute('aria-current', String(b.dataset.id === deviceId)));
  feeds.sse = openSse(deviceId);
  feeds.ws = openWebSocket(deviceId);
  sessionStorage.setItem('melody:device', deviceId);
}

function closeDevice() {
  Object.values(feeds).forEach((feed) => feed.close());
}

async function createTask(event) {
  event.preventDefault();
  const input = document.getElementById('task-title');
  const response = await fetch(new URL(`api/devices/${encodeURIComponent(current)}/tasks`, base), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: input.value }),
  });
  if (response.ok) input.value = '';
}

async function start() {
  const ids = await (await fetch(new URL('api/devices', base))).json();
  const list = document.getElementById('devices');
  for (const id of ids) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.textContent = `Device ${id}`;
    button.dataset.id = id;
    button.onclick = () => openDevice(id);
    item.append(button);
    list.append(item);
  }
  document.getElementById('task-form').onsubmit = createTask;
  document.getElementById('reconnect').onclick = () => openDevice(current);
  const remembered = sessionStorage.getItem('melody:device');
  if (remembered && ids.includes(remembered)) openDevice(remembered);
}

start();
