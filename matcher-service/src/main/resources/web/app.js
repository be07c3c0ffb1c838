// Footfall's matcher page: live events, footfall per camera, enrolment and the list of people.
// Plain JavaScript, no libraries: reads /api/counts, and with the API token (kept in this tab's
// sessionStorage) /api/events (Server-Sent Events, read with fetch so that the token travels in a
// header) and /api/identities; changes identities with the write token. A link ending in
// #token=... (as 'footfall demo' prints it) stores the token and is then removed from the address.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = 'footfall.apiToken';
  const MAX_EVENTS = 200;
  const COLORS = ['#1f6feb', '#e8590c', '#2f9e44', '#9c36b5', '#0c8599', '#e03131', '#5c940d', '#862e9c', '#1864ab', '#d9480f'];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c != null) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  const svgNs = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    const node = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text != null) node.textContent = text;
    return node;
  }

  const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const hourFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const axisFmt = new Intl.DateTimeFormat(undefined, { hour: 'numeric' });
  const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

  // ---------- API token ----------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  function showTokenState() {
    const state = $('token-state');
    state.textContent = token() ? 'saved' : 'not set';
    state.classList.toggle('set', !!token());
  }

  const linked = new URLSearchParams(location.hash.slice(1)).get('token');
  if (linked) {
    sessionStorage.setItem(TOKEN_KEY, linked.trim());
    history.replaceState(null, '', location.pathname + location.search);
  }
  $('token').value = token();
  showTokenState();
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('token').value.trim();
    const changed = value !== token();
    if (value) sessionStorage.setItem(TOKEN_KEY, value); else sessionStorage.removeItem(TOKEN_KEY);
    showTokenState();
    if (changed) {
      connectEvents();
      loadPeople();
    }
  });
  $('token').addEventListener('change', () => $('token-form').requestSubmit());

  function authHeaders() {
    return token() ? { Authorization: 'Bearer ' + token() } : {};
  }

  async function errorText(response) {
    const explain = {
      401: 'The API token is missing or wrong. Enter the matcher\'s token at the top of the page.',
      403: 'This is switched off on this matcher: its operator has to set matcher.api-token (or matcher.api-read-token to read).',
      413: 'The photos are too large to upload at once. Send fewer or smaller photos.',
    }[response.status];
    let detail = '';
    try {
      const body = await response.json();
      detail = body.error || body.message || '';
    } catch (ignored) { /* not JSON */ }
    return explain || detail || ('The matcher answered ' + response.status + ' ' + response.statusText + '.');
  }

  function message(target, kind, text, items) {
    const box = el('div', { class: 'box ' + kind }, text);
    if (items && items.length) box.append(el('ul', {}, items.map((i) => el('li', {}, i))));
    target.replaceChildren(box);
  }

  // ---------- live events ----------

  const events = [];
  const seen = new Set();

  function who(e) {
    if (e.subject === 'KNOWN') return el('span', { class: 'name' }, e.name || e.identityId);
    return el('span', { class: 'visitor' }, 'Visitor ' + (e.visitorId || '').slice(-6));
  }

  // a visit's estimates, "~34 · female · happy"; empty without any (attributes.enabled off)
  function estimates(e) {
    if (e.age == null) return '';
    return `~${Math.floor(e.age)} · ${e.gender} · ${e.expression}`;
  }

  function eventRow(e, fresh) {
    const sim = e.similarity == null ? '' : Math.round(e.similarity * 100) + '%';
    const details = e.type === 'LEFT' ? 'stayed ' + duration(e.dwellMillis) : '';
    const estimate = estimates(e);
    return el('li', { class: fresh ? 'fresh' : null, dataset: { type: e.type, subject: e.subject, eventId: e.eventId } },
      el('span', { class: 'time', title: new Date(e.at).toString() }, timeFmt.format(new Date(e.at))),
      el('span', { class: 'badge ' + e.type }, e.type === 'ENTERED' ? 'ENTERED' : 'LEFT'),
      el('span', { class: 'who', title: details }, who(e), el('span', { class: 'camera' }, 'at ' + e.cameraId),
        details ? el('span', { class: 'camera' }, '· ' + details) : null,
        estimate ? el('span', { class: 'estimate', dataset: { testid: 'estimate' },
          title: `estimated from ${e.attributeFaces} ${e.attributeFaces === 1 ? 'face' : 'faces'} (gender ${Math.round((e.genderConfidence || 0) * 100)}% sure): estimates, not facts` },
          '· ' + estimate) : null),
      el('span', { class: 'sim', title: 'similarity to the enrolled photos' }, sim));
  }

  function duration(ms) {
    const s = Math.round((ms || 0) / 1000);
    if (s < 60) return s + ' s';
    const m = Math.round(s / 60);
    return m < 60 ? m + ' min' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  function addEvent(e, fresh) {
    if (seen.has(e.eventId)) return;
    seen.add(e.eventId);
    // newest first; events of several partitions can arrive slightly out of order
    let i = 0;
    const at = Date.parse(e.at);
    while (i < events.length && Date.parse(events[i].at) > at) i++;
    events.splice(i, 0, e);
    const list = $('events');
    const row = eventRow(e, fresh);
    list.insertBefore(row, list.children[i] || null);
    while (events.length > MAX_EVENTS) {
      seen.delete(events.pop().eventId);
      list.lastElementChild.remove();
    }
    $('events-empty').hidden = events.length > 0;
    $('events-count').textContent = events.length + (events.length === 1 ? ' event' : ' events');
  }

  let connectedOnce = false;
  let eventsRequest = null;
  let retryTimer = null;
  let retryMs = 2000;
  let lastEventId = null;

  function setLive(state, text) {
    $('live-status').dataset.state = state;
    $('live-text').textContent = text;
  }

  // Server-Sent Events over fetch: EventSource cannot send the token. Reconnects after the
  // server's retry interval and sends Last-Event-ID, so only what was missed comes again.
  async function connectEvents() {
    if (eventsRequest) eventsRequest.abort();
    clearTimeout(retryTimer);
    if (!token()) {
      setLive('locked', 'enter the API token to see live events');
      return;
    }
    const request = new AbortController();
    eventsRequest = request;
    try {
      const headers = { ...authHeaders(), Accept: 'text/event-stream' };
      if (lastEventId) headers['Last-Event-ID'] = lastEventId;
      const response = await fetch('/api/events', { headers, cache: 'no-store', signal: request.signal });
      if (response.status === 401 || response.status === 403) {
        setLive('locked', response.status === 401 ? 'token refused: live events need the API token' : 'live events are switched off here');
        return;
      }
      if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
      const openedAt = Date.now();
      setLive('live', 'live');
      if (connectedOnce) loadCounts();
      connectedOnce = true;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer = (buffer + value).replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          serverEvent(buffer.slice(0, end), openedAt);
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (err) {
      if (request.signal.aborted) return;
    }
    if (request.signal.aborted) return;
    setLive('reconnecting', 'reconnecting…');
    retryTimer = setTimeout(connectEvents, retryMs);
  }

  function serverEvent(block, openedAt) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') lastEventId = value;
      else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
    }
    if (!data.length) return;
    try {
      const body = JSON.parse(data.join('\n'));
      if (type === 'counts') {
        if (body.day === utcDay(dayOffset)) scheduleCounts();
      } else if (type === 'recognition') {
        // the backlog arrives right after opening; only later events are highlighted as new
        addEvent(body, Date.now() - openedAt > 1500);
      }
    } catch (err) {
      console.warn('unreadable ' + type + ' event', err);
    }
  }

  // ---------- footfall chart ----------

  let dayOffset = 0;
  let countsTimer = null;

  function utcDay(offset) {
    const d = new Date();
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  }

  function scheduleCounts() {
    // the server announces changed counts; a burst of announcements loads them once
    clearTimeout(countsTimer);
    countsTimer = setTimeout(loadCounts, 250);
  }

  async function loadCounts() {
    const day = utcDay(dayOffset);
    $('day-label').textContent = dayOffset === 0 ? 'Today' : dayOffset === -1 ? 'Yesterday' : dateFmt.format(new Date(day + 'T12:00:00Z'));
    $('day-next').disabled = dayOffset >= 0;
    try {
      const response = await fetch('/api/counts?day=' + day, { cache: 'no-store' });
      if (!response.ok) throw new Error(await errorText(response));
      drawCounts(await response.json());
    } catch (err) {
      $('chart-note').textContent = 'Could not load the counts: ' + err.message;
    }
  }

  function niceMax(max) {
    if (max <= 5) return 5;
    const step = Math.pow(10, Math.floor(Math.log10(max)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= max) return m * step;
    return 10 * step;
  }

  let lastCounts = null;
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (lastCounts) drawCounts(lastCounts); }, 150);
  });

  function drawCounts(data) {
    lastCounts = data;
    const cameras = data.cameras || [];
    const from = Date.parse(data.from);
    const to = Date.parse(data.to);
    // drawn at the container's own pixel width, so labels keep their size on a phone
    const W = Math.max(300, Math.round($('chart').clientWidth || 960));
    const H = W < 600 ? 200 : 260, left = 34, right = 12, top = 16, bottom = 28;
    const hourStep = W < 500 ? 6 : 3;
    const plotW = W - left - right, plotH = H - top - bottom;
    let max = 0;
    for (const c of cameras) for (const w of c.windows) max = Math.max(max, w.entries);
    const yMax = niceMax(max);
    const x = (t) => left + ((t - from) / (to - from)) * plotW;
    const y = (v) => top + plotH - (v / yMax) * plotH;

    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, 'data-testid': 'footfall-chart' });
    const ticks = yMax <= 5 ? yMax : 5;
    for (let i = 0; i <= ticks; i++) {
      const v = (yMax / ticks) * i;
      root.append(svg('line', { class: i === 0 ? 'axis' : 'grid', x1: left, x2: W - right, y1: y(v), y2: y(v) }));
      root.append(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, Number.isInteger(v) ? v : v.toFixed(1)));
    }
    for (let h = 0; h <= 24; h += hourStep) {
      const t = from + h * 3600e3;
      root.append(svg('line', { class: 'axis', x1: x(t), x2: x(t), y1: top + plotH, y2: top + plotH + 4 }));
      root.append(svg('text', { x: x(t), y: H - 8, 'text-anchor': h === 0 ? 'start' : h === 24 ? 'end' : 'middle' },
        axisFmt.format(new Date(t))));
    }
    const now = Date.now();
    if (now > from && now < to) {
      root.append(svg('line', { class: 'now', x1: x(now), x2: x(now), y1: top, y2: top + plotH }));
      root.append(svg('text', { class: 'now-label', x: x(now) + 4, y: top + 10 }, 'now'));
    }
    cameras.forEach((c, ci) => {
      const color = COLORS[ci % COLORS.length];
      for (const w of c.windows) {
        const s = Math.max(from, Date.parse(w.windowStart)), e = Math.min(to, Date.parse(w.windowEnd));
        const slot = (x(e) - x(s)) * 0.84;
        const bw = Math.max(2, slot / cameras.length);
        const bx = x(s) + (x(e) - x(s)) * 0.08 + ci * bw;
        const bar = svg('rect', {
          class: 'bar', x: bx, y: y(w.entries), width: Math.max(1, bw - 1), height: Math.max(0, top + plotH - y(w.entries)),
          rx: 2, fill: color, 'data-camera': c.cameraId, 'data-entries': w.entries,
        });
        bar.append(svg('title', {}, `${c.cameraId}, ${hourFmt.format(new Date(s))}–${hourFmt.format(new Date(e))}: `
          + `${w.entries} ${w.entries === 1 ? 'entry' : 'entries'}, ${w.known} known, ${w.unknown} unknown`));
        root.append(bar);
        if (w.entries > 0 && bw >= 14) {
          root.append(svg('text', { class: 'value', x: bx + bw / 2, y: y(w.entries) - 4, 'text-anchor': 'middle' }, w.entries));
        }
      }
    });
    $('chart').replaceChildren(root);

    const totals = $('totals');
    if (!cameras.length) {
      totals.replaceChildren(el('span', { class: 'muted' }, 'No visits counted on this day yet.'));
    } else {
      totals.replaceChildren(...cameras.map((c, ci) => {
        const known = c.windows.reduce((a, w) => a + w.known, 0);
        const unknown = c.windows.reduce((a, w) => a + w.unknown, 0);
        const swatch = el('span', { class: 'swatch' });
        swatch.style.background = COLORS[ci % COLORS.length];
        return el('span', { dataset: { testid: 'camera-total', camera: c.cameraId, entries: c.entries },
          title: 'known people and unknown visitors are counted once per window' },
          swatch, c.cameraId, el('strong', {}, c.entries), ' ', c.entries === 1 ? 'entry' : 'entries',
          el('span', { class: 'split' }, `(${known} known, ${unknown} unknown)`));
      }));
    }
    $('chart-note').textContent = `Entries per camera and window on ${data.day} (UTC day), times in your local time. `
      + 'Hover a bar for known people and unknown visitors.';
    drawBreakdown(data);
  }

  // the day's entries by estimated age band and gender, all cameras together
  function drawBreakdown(data) {
    const bands = data.byAgeBand || {};
    const genders = data.byGender || {};
    const target = $('breakdown');
    const total = Object.values(bands).reduce((a, n) => a + n, 0);
    if (!total) {
      target.replaceChildren();
      target.hidden = true;
      return;
    }
    const row = (label, counts) => el('div', { class: 'breakdown-row' }, el('span', { class: 'muted' }, label),
      ...Object.entries(counts).map(([k, n]) => el('span', { class: 'chip', dataset: { key: k, count: n } }, k + ' ', el('strong', {}, n))));
    target.replaceChildren(row('By estimated age', bands), row('By estimated gender', genders));
    target.hidden = false;
  }

  $('day-prev').addEventListener('click', () => { dayOffset--; loadCounts(); });
  $('day-next').addEventListener('click', () => { if (dayOffset < 0) { dayOffset++; loadCounts(); } });

  // ---------- people ----------

  async function fetchPeople() {
    if (!token()) throw new Error('enter the API token at the top of the page to see who is enrolled.');
    const response = await fetch('/api/identities', { cache: 'no-store', headers: authHeaders() });
    if (!response.ok) throw new Error(await errorText(response));
    const body = await response.json();
    return (body.identities || []).sort((a, b) => (a.displayName || '').localeCompare(b.displayName || ''));
  }

  const erasing = new Set();
  let peopleRefused = false;

  async function loadPeople() {
    let people;
    try {
      people = await fetchPeople();
    } catch (err) {
      message($('people-message'), 'err', 'Could not load the people: ' + err.message);
      peopleRefused = true;
      return [];
    }
    if (peopleRefused) {
      $('people-message').replaceChildren();
      peopleRefused = false;
    }
    const ids = new Set(people.map((p) => p.identityId));
    for (const id of [...erasing]) if (!ids.has(id)) erasing.delete(id);
    $('people').replaceChildren(...people.map(personRow));
    $('people-empty').hidden = people.length > 0;
    return people;
  }

  function personRow(p) {
    const photos = Array.isArray(p.templates) ? p.templates.length : p.templates;
    const gone = erasing.has(p.identityId);
    return el('tr', { class: gone ? 'erasing' : null, dataset: { identityId: p.identityId } },
      el('td', { class: 'name' }, p.displayName || p.identityId,
        p.createdAt ? el('div', { class: 'when', title: p.createdAt }, 'since ' + dateFmt.format(new Date(p.createdAt))) : null),
      el('td', {}, el('span', { class: 'id' }, p.identityId)),
      el('td', {}, photos),
      el('td', { class: 'actions' },
        gone ? 'erasing…' : [
          el('button', { type: 'button', class: 'link', title: 'Add more photos of this person', onclick: () => addPhotosFor(p) }, 'Add photos'),
          el('button', { type: 'button', class: 'danger', onclick: () => remove(p) }, 'Delete'),
        ]));
  }

  function addPhotosFor(p) {
    $('enrol-name').value = p.displayName || '';
    $('enrol-id').value = p.identityId;
    $('enrol-photos').focus();
    $('enrol-form').scrollIntoView({ behavior: 'smooth', block: 'center' });
  }

  async function remove(p) {
    const name = p.displayName || p.identityId;
    if (!confirm(`Delete ${name}?\n\nTheir face templates are erased from every matcher; they will be an unknown visitor from now on.`)) return;
    const response = await fetch('/api/identities/' + encodeURIComponent(p.identityId), { method: 'DELETE', headers: authHeaders() });
    if (!response.ok) {
      message($('people-message'), 'err', 'Could not delete ' + name + ': ' + await errorText(response));
      return;
    }
    erasing.add(p.identityId);
    message($('people-message'), 'ok', name + ' is being erased from every matcher.');
    await loadPeople();
    await until(async () => !(await loadPeople()).some((q) => q.identityId === p.identityId));
  }

  async function until(check, timeoutMs = 15000) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 500));
    }
    return false;
  }

  $('people-refresh').addEventListener('click', () => { $('people-message').replaceChildren(); loadPeople(); });

  // ---------- enrolment ----------

  let thumbUrls = [];
  $('enrol-photos').addEventListener('change', () => {
    thumbUrls.forEach((u) => URL.revokeObjectURL(u));
    thumbUrls = [...$('enrol-photos').files].map((f) => URL.createObjectURL(f));
    $('thumbs').replaceChildren(...thumbUrls.map((u, i) => el('img', { src: u, alt: $('enrol-photos').files[i].name })));
  });

  $('enrol-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const target = $('enrol-message');
    if (!token()) {
      message(target, 'err', 'Enter the API token at the top of the page first: enrolling changes who the matcher knows.');
      $('token').focus();
      return;
    }
    const files = [...$('enrol-photos').files];
    const form = new FormData();
    form.append('name', $('enrol-name').value.trim());
    if ($('enrol-id').value.trim()) form.append('id', $('enrol-id').value.trim());
    for (const f of files) form.append('photo', f, f.name);
    const button = $('enrol-submit');
    button.disabled = true;
    button.textContent = 'Enrolling…';
    message(target, 'warn', `Finding the face in ${files.length} photo${files.length === 1 ? '' : 's'}…`);
    try {
      const response = await fetch('/api/identities', { method: 'POST', headers: authHeaders(), body: form });
      let body = {};
      try { body = await response.clone().json(); } catch (ignored) { /* not JSON */ }
      const rejected = (body.rejected || []).map((r) => `${r.file}: ${r.message || r.reason}`);
      if (response.status === 201 || response.status === 200) {
        const id = body.id || body.identityId;
        const count = Array.isArray(body.templates) ? body.templates.length : body.templates;
        const photos = (n) => `${n} photo${n === 1 ? '' : 's'}`;
        let text = body.created === false
          ? `Added ${photos(body.added || 0)} to ${body.displayName} (${id}); ${photos(count)} in all.`
          : `Enrolled ${body.displayName} (${id}) with ${photos(count)}.`;
        if (body.alreadyEnrolled) text += ` ${photos(body.alreadyEnrolled)} already enrolled.`;
        if (body.note) text += ' ' + body.note;
        message(target, rejected.length ? 'warn' : 'ok', text + (rejected.length ? ' Some photos could not be used:' : ''), rejected);
        $('enrol-form').reset();
        $('thumbs').replaceChildren();
        await until(async () => (await loadPeople()).some((p) => p.identityId === id), 10000);
      } else if (response.status === 422) {
        message(target, 'err', body.error || 'None of the photos could be used:', rejected);
      } else {
        message(target, 'err', await errorText(response));
      }
    } catch (err) {
      message(target, 'err', 'The matcher could not be reached: ' + err.message);
    } finally {
      button.disabled = false;
      button.textContent = 'Enrol';
    }
  });

  // ---------- start ----------

  connectEvents();
  loadCounts();
  loadPeople();
  setInterval(loadCounts, 30000);
  setInterval(() => { if (!erasing.size) loadPeople(); }, 20000);
})();
