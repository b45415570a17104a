/* Sourceline web page: an interactive timeline that works offline from one HTML file.
 * Plain ES2017+ JavaScript, no dependencies, no network. The data comes from the JSON script
 * element with id "sourceline-data". Every string in it is untrusted text: the DOM is built with
 * createElement + textContent only, and links are made only for http(s) URLs.
 * Day numbers: 0001-01-01 (proleptic Gregorian) = day 1; end days are exclusive. */
(() => {
'use strict';

/* ---------- Helpers ---------- */
const $ = (id) => document.getElementById(id);
const DAY_MS = 864e5;
const EPOCH = 719163;                // day number of 1970-01-01
const MAX_DAY = 9e7;                 // JS dates reach about ±100 million days from 1970
const MIN_SPAN = 3;                  // narrowest view, in days
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#666666'];
const MARK_RUN = /(\p{M}{4})\p{M}+/gu;                 // long runs of combining marks ("zalgo")
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const RADIUS = { 1: 8, 2: 6, 3: 5 };                   // point marks by importance, px
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

/** Untrusted value -> display string: non-strings give '', mark runs are cut, length capped. */
function clean(v, max = 10000) {
  if (typeof v !== 'string') return '';
  let s = (v.length > max * 8 ? v.slice(0, max * 8) : v).replace(MARK_RUN, '$1');
  if (s.length > max) s = s.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '') + '…';
  return s;
}
/** For aria-label and other built strings: no bidi controls that could reorder the rest. */
const plain = (s) => s.replace(BIDI, '');
/** Search form of a text: lower case, no accents (NFD, combining marks removed). */
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const clamp = (x, a, b) => Math.min(b, Math.max(a, x));
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const setCurrent = (node, on) => (on ? node.setAttribute('aria-current', 'true') : node.removeAttribute('aria-current'));

/** Element. props: class, text (untrusted: isolated, direction from content), on (click
 *  handler), anything else an attribute. Children (nodes or strings) are appended as text. */
function el(tag, props, ...kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'text') { n.textContent = v; n.dir = 'auto'; }
    else if (k === 'on') n.addEventListener('click', v);
    else if (k === 'class') n.className = v;
    else n.setAttribute(k, v);
  }
  n.append(...kids);
  return n;
}
const button = (cls, text, on, attrs) => el('button', { type: 'button', class: cls, on, ...attrs }, text);
const swatch = (color) => {
  const s = el('span', { class: 'swatch', 'aria-hidden': 'true' });
  s.style.background = color;
  return s;
};
function safeUrl(v) {
  if (typeof v !== 'string' || !/^https?:\/\//i.test(v)) return null;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch (err) { return null; }
}

/* Text and the http(s) addresses in it as links (text nodes only: nothing is parsed as HTML). */
function withLinks(text) {
  const out = [];
  let from = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"']+/gi)) {
    let address = m[0].replace(/[.,;:!?]+$/, '');
    // A closing bracket belongs to the address only when it opens one.
    while (address.endsWith(')') && (address.match(/\(/g) || []).length < (address.match(/\)/g) || []).length) {
      address = address.slice(0, -1);
    }
    const href = safeUrl(address);
    if (!href) continue;
    out.push(text.slice(from, m.index));
    out.push(el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, address));
    from = m.index + address.length;
  }
  out.push(text.slice(from));
  return out.filter((piece) => piece !== '');
}

/* ---------- Calendar: day numbers <-> proleptic Gregorian dates ---------- */
function dayToYMD(day) {
  const t = new Date((Math.floor(day) - EPOCH) * DAY_MS);
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}
function ymdToDay(y, m, d) {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);       // unlike Date.UTC, keeps years 0-99 as they are
  return Math.round(t.getTime() / DAY_MS) + EPOCH;
}
/** Astronomical year -> text: 0 = "1 BCE", -43 = "44 BCE"; "AD 14" only when asked. */
const yearText = (y, ad) => (y <= 0 ? `${1 - y} BCE` : ad && y < 1000 ? `AD ${y}` : String(y));
const monthText = (y, m) => `${MONTHS[m - 1]} ${yearText(y)}`;

/* ---------- Data: parse and normalise the embedded blob ---------- */
const list = (v) => (Array.isArray(v) ? v : []);
const obj = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const isDay = (v) => typeof v === 'number' && Math.abs(v) < MAX_DAY;   // also rejects NaN

function loadData() {
  let raw = null;
  try { raw = JSON.parse($('sourceline-data').textContent); } catch (err) { raw = null; }
  const broken = !raw || typeof raw !== 'object';
  raw = obj(raw);
  const lanes = list(raw.categories).map((c, i) => {
    c = obj(c);
    const color = /^#[0-9a-f]{6}$/i.test(c.color) ? c.color : PALETTE[i % PALETTE.length];
    return { label: clean(c.label, 60) || `Category ${i + 1}`, color, events: [] };
  });
  let other = null;                    // lane for events with an invalid category index
  const sources = list(raw.sources).map((s) => {
    s = obj(s);
    return { title: clean(s.title, 300) || 'Untitled source', author: clean(s.author, 200),
      date: clean(s.date, 80), url: safeUrl(s.url), note: clean(s.note, 2000) };
  });
  const byIndex = [];                  // raw event index -> event (tour indexes refer to these)
  const events = [];
  list(raw.events).forEach((r, k) => {
    r = obj(r);
    if (!isDay(r.start_day)) return;
    const start = r.start_day, end = isDay(r.end_day) && r.end_day > start ? r.end_day : start + 1;
    const lane = (Number.isInteger(r.category) && lanes[r.category]) ||
      other || (other = { label: 'Other', color: '#666666', events: [] });
    const [y, m, d] = dayToYMD(start);
    const e = {
      raw: k, id: clean(r.id, 200), title: clean(r.title, 300) || '(untitled event)',
      date: clean(r.date, 120) || `${d} ${monthText(y, m)}`, start, end, lane,
      openStart: r.open_start === true, openEnd: r.open_end === true,
      planned: r.status === 'planned', imp: [1, 2, 3].includes(r.importance) ? r.importance : 2,
      summary: clean(r.summary), dateNote: clean(r.date_note, 3000),
      tags: list(r.tags).map((t) => clean(t, 60)).filter(Boolean).slice(0, 50),
      excerpts: list(r.excerpts).map(obj).map((x) => ({
        source: (Number.isInteger(x.source) && sources[x.source]) || null,
        text: clean(x.text), verified: x.verified === true,
      })).filter((x) => x.text),
    };
    e.label = clean(e.title, 60);      // timeline labels are short; the detail shows the rest
    e.hay = fold([e.title, e.summary, e.tags.join(' '), ...e.excerpts.map((x) => x.text)].join('\n'));
    byIndex[k] = e;
    events.push(e);
  });
  events.sort((a, b) => a.start - b.start || a.end - b.end || a.raw - b.raw);
  events.forEach((e, i) => { e.order = i; e.lane.events.push(e); });
  if (other) lanes.push(other);
  const tour = list(raw.tour).filter(Number.isInteger).map((i) => byIndex[i]).filter(Boolean);
  const v = obj(raw.view);
  return {
    broken, title: clean(raw.title, 300), description: clean(raw.description, 5000),
    generator: clean(raw.generator, 100), sources, events,
    view: isDay(v.start_day) && isDay(v.end_day) && v.end_day > v.start_day ? [v.start_day, v.end_day] : null,
    lanes: lanes.filter((l) => l.events.length), stops: tour.length ? tour : events, isTour: tour.length > 0,
  };
}

const data = loadData();
const events = data.events;
const state = { sel: null, stop: -1, matches: null, invoker: null };
const view = { start: 0, end: 1 };
let extent = { start: 0, end: 1 };   // the padded span of all events
let cfg = null;                      // sizes read from CSS custom properties
let W = 0;                           // timeline width, px
const timeline = $('timeline'), axisEl = $('axis'), gridEl = el('div', { class: 'grid' });
timeline.prepend(gridEl);

/* ---------- Header, event list, sources ---------- */
/** Author, title, date and link of a source: the citation the app and its exports give. */
function citation(s) {
  const f = el('span', { class: 'citation' });
  if (s.author) f.append(el('span', { text: s.author }), ', ');
  f.append(el('cite', { text: s.title }));
  if (s.date) f.append(', ', el('span', { text: s.date }));
  f.append('.');
  if (s.url) {
    f.append(' ', el('a', { class: 'source-link', href: s.url, target: '_blank', rel: 'noopener noreferrer',
      text: s.url.length > 120 ? s.url.slice(0, 119) + '…' : s.url }));
  }
  return f;
}

function buildStatic() {
  if (data.title) $('title').textContent = data.title;
  const desc = $('description'), more = $('desc-more');
  desc.textContent = data.broken ? 'The timeline data in this file could not be read.' : data.description;
  desc.dir = 'auto';
  desc.hidden = !desc.textContent;
  more.addEventListener('click', () => {
    const open = more.getAttribute('aria-expanded') !== 'true';
    more.setAttribute('aria-expanded', String(open));
    more.textContent = open ? 'Show less' : 'Show more';
    desc.classList.toggle('clamped', !open);
  });
  $('generator').textContent = data.generator ? `Made with ${data.generator}` : '';
  $('list-heading').textContent = `All events (${events.length})`;

  const ol = $('event-list');
  for (const e of events) {
    const meta = el('span', { class: 'li-meta' }, swatch(e.lane.color), el('span', { text: e.lane.label }));
    if (e.planned) meta.append(el('span', { class: 'tag-planned' }, 'Planned'));
    const missing = e.excerpts.filter((x) => !x.verified).length;
    if (missing) meta.append(el('span', { class: 'tag-unverified' }, `⚠ ${plural(missing, 'passage')} not found in source`));
    e.item = button('list-item', el('span', { class: 'li-date', text: e.date }), () => select(e, { invoker: e.item }),
      { 'data-event-id': e.id });
    e.item.append(el('span', { class: e.imp === 1 ? 'li-title key' : 'li-title', text: clean(e.title, 160) }), meta);
    ol.append(el('li', {}, e.item));
  }
  if (!events.length) ol.append(el('li', { class: 'muted' }, 'This timeline has no events.'));

  for (const s of data.sources) {
    const li = el('li', {}, citation(s));
    if (s.note) li.append(el('p', { class: 'source-note', text: s.note }));
    $('source-list').append(li);
  }
  $('sources-section').hidden = !data.sources.length;
}

/* ---------- Timeline DOM: one lane per category, one <button> per event ---------- */
function buildTimeline() {
  for (const lane of data.lanes) {
    lane.el = el('div', { class: 'lane', role: 'group', 'aria-label': plain(lane.label) },
      el('div', { class: 'lane-head' }, swatch(lane.color), el('span', { class: 'lane-name', text: lane.label })));
    const n = parseInt(lane.color.slice(1), 16);
    lane.el.style.setProperty('--c', lane.color);
    lane.el.style.setProperty('--ct', `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},0.22)`);
    lane.chips = [];
    for (const e of lane.events) {
      const cls = `event imp${e.imp}${e.planned ? ' planned' : ''}${e.openStart ? ' open-start' : ''}${e.openEnd ? ' open-end' : ''}`;
      e.markEl = el('span', { class: 'mark' });
      e.labelEl = el('span', { class: 'label', text: '' });
      e.shown = '';
      e.btn = button(cls, e.markEl, () => { select(e, { invoker: e.btn }); keepAboveSheet(e); }, { 'data-event-id': e.id, tabindex: '-1',
        'aria-label': plain(`${e.title}, ${e.date}${e.planned ? ' (planned)' : ''}`).slice(0, 400) });
      e.btn.append(e.labelEl);
      e.btn.hidden = true;
      lane.el.append(e.btn);
    }
    $('lanes').append(lane.el);
  }
  if (!events.length) $('lanes').append(el('p', { class: 'empty' }, 'No events to show.'));
}

/** Re-read sizes from CSS (they change with the window width) and size the lanes. */
function readConfig() {
  const desc = $('description'), more = $('desc-more');    // long descriptions: 3 lines + "Show more"
  if (more.getAttribute('aria-expanded') !== 'true' && !desc.hidden) {
    desc.classList.add('clamped');
    more.hidden = desc.scrollHeight <= desc.clientHeight + 1;
  }
  const cs = getComputedStyle(timeline);
  const num = (name, d) => parseFloat(cs.getPropertyValue(name)) || d;
  cfg = { rowH: num('--row-h', 28), maxRows: num('--lane-rows', 2), headH: num('--lane-head', 20),
    size: num('--label-size', 13), font: cs.fontFamily };
  for (const lane of data.lanes) {
    lane.rows = Math.min(cfg.maxRows, lane.events.length);
    lane.el.style.height = `${cfg.headH + lane.rows * cfg.rowH + 4}px`;
    lane.nameW = Math.min(textWidth(lane.label, 600, 12) + 34, 244);
  }
  for (const e of events) e.fullW = undefined;               // font size may have changed
}

const measure = document.createElement('canvas').getContext('2d');   // measures text only
function textWidth(s, weight, size) {
  measure.font = `${weight} ${size || cfg.size}px ${cfg.font}`;
  return measure.measureText(s).width;
}
const weightOf = (e) => (e.imp === 1 ? 700 : 400);
/** The longest start of the label, plus "…", that fits in room px ('' if too short to help). */
function shorten(e, room) {
  let lo = 1, hi = e.label.length - 1, best = '';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = e.label.slice(0, mid).replace(/[\uD800-\uDBFF]$/, '').trimEnd() + '…';
    if (textWidth(t, weightOf(e)) <= room) { best = t; lo = mid + 1; } else hi = mid - 1;
  }
  return best.length > 7 ? best : '';
}

/* ---------- Layout: marks and labels in rows, labels never overlap ----------
 * Per lane, events are placed in priority order (selected, search matches, key events, date)
 * into the first row where mark + full label fit; else with a shortened label, else as a bare
 * mark; else they are "crowded" and counted in a "+N" chip that zooms in on them. */
const GAP = 6;
const free = (row, a, b) => row.every(([p, q]) => b + GAP <= p || a >= q + GAP);
const roomAfter = (row, x) => row.reduce((m, [p]) => (p >= x ? Math.min(m, p - GAP) : m), Infinity);

function render() {
  frame = 0;
  W = timeline.clientWidth;
  if (!W || !cfg) return;
  const ppd = W / (view.end - view.start), m = state.matches;
  renderAxis(ppd);
  for (const lane of data.lanes) {
    const occ = Array.from({ length: lane.rows }, () => []), shown = [], crowded = [];
    for (const e of lane.events) {
      e.x0 = (e.start - view.start) * ppd;
      e.x1 = (e.end - view.start) * ppd;
      if ((e.x1 < -20 || e.x0 > W + 20) && e !== state.sel) e.btn.hidden = true; else shown.push(e);
      e.btn.classList.toggle('match', !!m && m.has(e));
      e.btn.classList.toggle('dim', !!m && !m.has(e));
      e.btn.classList.toggle('selected', e === state.sel);
      setCurrent(e.btn, e === state.sel);
    }
    shown.sort((a, b) => (b === state.sel) - (a === state.sel) ||
      (m ? m.has(b) - m.has(a) : 0) || a.imp - b.imp || a.order - b.order);
    for (const e of shown) if (!place(e, occ)) { e.btn.hidden = true; crowded.push(e); }
    placeChips(lane, crowded);
  }
  // Roving tab stop: one event button is in the tab order (the selected one, else the first shown).
  let stop = null;
  for (const e of events) {
    if (!e.btn.hidden && (!stop || e === state.sel)) stop = e;
    e.btn.tabIndex = -1;
  }
  if (stop) stop.btn.tabIndex = 0;
}

function place(e, occ) {
  const bar = e.end - e.start > 1 && e.x1 - e.x0 >= 14;
  let left, markEnd, labelX;
  if (e.fullW === undefined) e.fullW = textWidth(e.label, weightOf(e));
  if (bar) {                           // label inside a long bar (from its visible start), else after it
    left = clamp(e.x0, -8, W + 1000);
    markEnd = Math.max(left + 4, Math.min(e.x1, W + 8));
    labelX = Math.max(left, 0) + 6;
    if (markEnd - labelX < e.fullW + 6) labelX = markEnd + 4;
  } else {
    const cx = clamp((e.x0 + e.x1) / 2, -1000, W + 1000), r = RADIUS[e.imp];
    left = cx - r - 4;
    markEnd = labelX = cx + r + 4 + (e.openEnd ? 12 : 0);
  }
  const end = (w) => Math.max(markEnd, labelX + w + 6);
  const put = (r, text, w) => show(e, occ, r, [left, markEnd, labelX, text ? end(w) : markEnd], text, bar);
  // Labels end before the right edge: shortened with "…" there rather than cut mid-word.
  if (labelX + e.fullW + 6 <= W) {
    for (let r = 0; r < occ.length; r++) if (free(occ[r], left, end(e.fullW))) return put(r, e.label, e.fullW);
  }
  let best = -1, room = -1;            // else: the row with most room after the mark
  for (let r = 0; r < occ.length; r++) {
    const g = free(occ[r], left, markEnd) ? Math.max(0, Math.min(roomAfter(occ[r], labelX), W) - labelX - 6) : -1;
    if (g > room) { room = g; best = r; }
  }
  if (best >= 0) {
    const t = room >= 56 ? shorten(e, room) : '';
    return put(best, t, t && textWidth(t, weightOf(e)));
  }
  if (e === state.sel) return put(0, e.label, e.fullW);   // the selected event is always shown
  return false;
}

function show(e, occ, r, [left, markEnd, labelX, end], text, bar) {
  occ[r].push([left, end]);
  const b = e.btn, st = b.style;
  b.hidden = false;
  b.classList.toggle('bar', bar);
  st.left = `${left}px`;
  st.top = `${cfg.headH + r * cfg.rowH}px`;
  st.width = `${end - left}px`;
  e.markEl.style.width = bar ? `${markEnd - left}px` : '';
  e.labelEl.style.marginLeft = bar ? `${labelX - left - 6}px` : '';
  if (e.shown !== text) e.labelEl.textContent = e.shown = text;
  e.labelEl.hidden = !text;
  return true;
}

/** Crowded events are grouped into "+N" chips on the lane's name line, 48px apart. */
function placeChips(lane, crowded) {
  crowded.sort((a, b) => a.x0 - b.x0);
  const groups = [];
  for (const e of crowded) {
    const x = clamp((e.x0 + e.x1) / 2, 0, W), g = groups[groups.length - 1];
    const left = Math.max(x - 14, g ? g.left + 48 : lane.nameW);
    if (g && (x < g.x + 48 || left > W - 44)) g.list.push(e);
    else groups.push({ x, left: Math.min(left, W - 44), list: [e] });
  }
  groups.forEach((g, i) => {
    const chip = lane.chips[i] || (lane.chips[i] = button('more', '', () => zoomToEvents(chip.events), { tabindex: '-1' }));
    if (!chip.isConnected) lane.el.append(chip);
    const n = g.list.length, range = n > 1 ? ` to ${g.list[n - 1].date}` : '';
    chip.events = g.list;
    chip.hidden = false;
    chip.textContent = `+${n}`;
    chip.style.left = `${g.left}px`;
    chip.setAttribute('aria-label', plain(`${plural(n, 'more event')}, ${g.list[0].date}${range}: zoom in`));
  });
  for (let i = groups.length; i < lane.chips.length; i++) lane.chips[i].hidden = true;
}

/* ---------- Axis: calendar ticks for the zoom level ---------- */
const STEPS = [['d', 1], ['d', 2], ['d', 5], ['d', 10], ['m', 1], ['m', 3], ['m', 6]]
  .concat([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1e4, 2e4, 5e4, 1e5].map((n) => ['y', n]));
const UNIT_DAYS = { d: 1, m: 30.44, y: 365.2425 };
const MIN_PX = { d: 34, m: 46, y: 64 };            // room for one tick label

function ticks(ppd) {
  const s = view.start, e = view.end, out = [];
  const [unit, step] = STEPS.find(([u, n]) => n * UNIT_DAYS[u] * ppd >= MIN_PX[u]) || STEPS[STEPS.length - 1];
  const [y0, m0] = dayToYMD(s), [y1] = dayToYMD(e);
  const push = (day, major, minor) => out.push({ x: (day - s) * ppd, major, minor });
  if (unit === 'y') {                  // no year 0: BCE ticks at round BCE numbers, then AD 1
    const ad = y0 <= 0;                // with BCE in view, small CE years read "AD 100"
    for (let b = Math.floor((1 - y0) / step) * step; b >= Math.max(1, 1 - y1); b -= step) push(ymdToDay(1 - b, 1, 1), `${b} BCE`, '');
    if (step >= 5 && y0 <= 1 && y1 >= 1) push(ymdToDay(1, 1, 1), 'AD 1', '');
    for (let y = Math.ceil(Math.max(y0, 1) / step) * step; y <= y1; y += step) push(ymdToDay(y, 1, 1), yearText(y, ad), '');
  } else if (unit === 'm') {
    for (let y = y0, m = m0; ymdToDay(y, m, 1) <= e; m === 12 ? (m = 1, y++) : m++) {
      if ((m - 1) % step === 0) push(ymdToDay(y, m, 1), m === 1 ? yearText(y) : '', MONTHS[m - 1]);
    }
  } else {
    for (let d = Math.floor(s); d <= e; d++) {
      const [y, m, dd] = dayToYMD(d);
      if (step === 1 || ((dd - 1) % step === 0 && dd + step <= 31)) push(d, dd === 1 ? monthText(y, m) : '', String(dd));
    }
  }
  // The first visible tick also names its year (or month), unless the next such label is near.
  const vis = out.filter((t) => t.x >= 0), next = vis.find((t, i) => i > 0 && t.major);
  if (unit !== 'y' && vis.length && !vis[0].major && (!next || next.x - vis[0].x > 100)) {
    const [y, m] = dayToYMD(s + vis[0].x / ppd);
    vis[0].major = unit === 'm' ? yearText(y) : monthText(y, m);
  }
  return out.filter((t) => t.x >= -1 && t.x <= W);
}

function renderAxis(ppd) {
  const labels = [], lines = [];
  for (const t of ticks(ppd)) {
    const tick = el('div', { class: 'tick' });
    if (t.major) tick.append(el('span', { class: 'major' }, t.major));
    if (t.minor) tick.append(el('span', { class: 'minor' }, t.minor));
    const line = el('div', { class: t.major ? 'gridline strong' : 'gridline' });
    tick.style.left = line.style.left = `${t.x}px`;
    labels.push(tick);
    lines.push(line);
  }
  axisEl.replaceChildren(...labels);
  gridEl.replaceChildren(...lines);
}

/* ---------- View: zoom, pan, animation ---------- */
let frame = 0, anim = 0;
const requestRender = () => { if (!frame) frame = requestAnimationFrame(render); };

/** Keep the view's span within limits and never show empty time beyond the padded data extent
 *  (when zoomed out further than the extent, keep all of it in view). */
function clampView(s, e) {
  const span = clamp(e - s, MIN_SPAN, Math.max((extent.end - extent.start) * 4, 3650));
  const a = extent.start + span / 2, b = extent.end - span / 2;
  const c = clamp((s + e) / 2, Math.min(a, b), Math.max(a, b));
  return [c - span / 2, c + span / 2];
}
function setView(s, e) {
  [view.start, view.end] = clampView(s, e);
  requestRender();
}
function stopAnim() { cancelAnimationFrame(anim); anim = 0; }
function animateTo(s, e) {
  [s, e] = clampView(s, e);
  stopAnim();
  if (reducedMotion.matches || !W) return setView(s, e);
  const from = { ...view }, t0 = performance.now();
  const tick = (now) => {
    const k = Math.min(1, (now - t0) / 300), q = 1 - Math.pow(1 - k, 3);   // ease-out, 300 ms
    view.start = from.start + (s - from.start) * q;
    view.end = from.end + (e - from.end) * q;
    render();
    anim = k < 1 ? requestAnimationFrame(tick) : 0;
  };
  anim = requestAnimationFrame(tick);
}
/** The view zoomed by factor around x px (default: the selected event if visible, else the middle). */
function zoomBy(factor, x) {
  const span = view.end - view.start;
  if (x === undefined) {
    const e = state.sel, cx = e ? (((e.start + e.end) / 2 - view.start) / span) * W : -1;
    x = cx >= 0 && cx <= W ? cx : W / 2;
  }
  const at = view.start + (x / W) * span, ns = span * factor;
  return [at - (x / W) * ns, at - (x / W) * ns + ns];
}
const fitAll = () => [extent.start, extent.end];
/** Pan (no zoom) so that the event is well inside the view. */
function reveal(e) {
  const span = view.end - view.start, m = span * 0.08;
  if (e.start >= view.start + m && e.end <= view.end - m) return;
  const long = e.end - e.start > span * 0.8;
  if (long && e.start < view.end - m && e.end > view.start + m) return;
  const c = long ? e.start + span * 0.4 : (e.start + e.end) / 2;
  animateTo(c - span / 2, c + span / 2);
}
function zoomToEvents(group) {
  const s = group.reduce((a, e) => Math.min(a, e.start), Infinity), e = group.reduce((a, x) => Math.max(a, x.end), -Infinity);
  const pad = Math.max((e - s) * 0.6, 1), [ns, ne] = clampView(s - pad, e + pad);
  if (ne - ns >= (view.end - view.start) * 0.95) select(group[0]);   // cannot zoom further
  else animateTo(ns, ne);
}

/* ---------- Selection and the detail panel ---------- */
const detail = $('detail'), detailHeading = $('detail-heading'), detailBody = $('detail-body');
const closeBtn = button('tool detail-close', 'Close', () => select(null));
const navPrev = button('tool', '← Previous', () => step(-1)), navNext = button('tool', 'Next →', () => step(1));
const navPos = el('span', { class: 'muted' });
const nav = el('div', { class: 'detail-nav' }, navPrev, navPos, navNext);
detail.prepend(closeBtn);
detail.append(nav);

function select(e, opts = {}) {
  const prev = state.sel, hadFocus = detail.contains(document.activeElement);
  state.sel = e;
  state.stop = e ? (opts.stop !== undefined ? opts.stop : data.stops.indexOf(e)) : -1;
  if (opts.invoker) state.invoker = opts.invoker;
  document.documentElement.classList.toggle('has-sel', !!e);
  for (const x of [prev, e]) if (x) setCurrent(x.item, x === e);
  renderDetail();
  updateNav();
  if (e) reveal(e);
  render();
  if (!e && prev && hadFocus) {        // closed from inside the panel: focus goes back
    const back = state.invoker;
    (back && back.isConnected && !back.hidden ? back : prev.item).focus();
  }
}

/** On a phone the detail panel is a sheet over the lower part of the screen: scroll the page so
 *  that the event chosen on the timeline stays in sight above it. */
function keepAboveSheet(e) {
  if (e.btn.hidden || getComputedStyle(detail).position !== 'fixed') return;
  const below = e.btn.getBoundingClientRect().bottom - (detail.getBoundingClientRect().top - 16);
  if (below > 0) window.scrollBy(0, below);
}

function renderDetail() {
  const e = state.sel, body = [];
  closeBtn.hidden = nav.hidden = !e;
  detailHeading.textContent = e ? e.title : 'Event details';
  detailHeading.dir = 'auto';
  if (!e) {
    body.push(el('p', { class: 'muted' }, events.length ? 'Choose an event on the timeline or in the list to ' +
      'read its sources. Keys: ← and → step through the events, + and − zoom.' : 'This timeline has no events.'));
  } else {
    const meta = el('p', { class: 'detail-meta' }, swatch(e.lane.color), el('span', { text: e.lane.label }));
    if (e.planned) meta.append(el('span', { class: 'tag-planned' }, 'Planned'));
    if (e.imp === 1) meta.append(el('span', { class: 'tag-key' }, 'Key event'));
    body.push(el('p', { class: 'detail-date', text: e.date }), meta);
    if (e.summary) body.push(el('p', { class: 'summary', dir: 'auto' }, ...withLinks(e.summary)));
    if (e.dateNote) body.push(el('p', { class: 'date-note' }, el('strong', {}, 'About the date: '), el('span', { text: e.dateNote })));
    if (e.excerpts.length) body.push(el('h3', {}, e.excerpts.length > 1 ? 'From the sources' : 'From the source'));
    else body.push(el('p', { class: 'muted' }, 'No source passage is quoted for this event.'));
    for (const x of e.excerpts) {
      body.push(el('figure', { class: 'excerpt', 'data-verified': String(x.verified) },
        el('blockquote', { text: x.text }),
        x.verified ? el('p', { class: 'badge verified' }, '✓ Verified in source')
          : el('p', { class: 'badge unverified' }, '⚠ Not found in the source'),
        el('figcaption', {}, '— ', x.source ? citation(x.source) : el('span', { class: 'muted' }, 'Unknown source'))));
    }
    if (e.tags.length) {
      const p = el('p', { class: 'tags' }, 'Tags: ');
      e.tags.forEach((t, i) => p.append(i ? ', ' : '', el('span', { class: 'tag', text: t })));
      body.push(p);
    }
  }
  $('detail-body').replaceChildren(...body);
}

/* ---------- Stepping through the tour (or all events in date order) ---------- */
function step(dir) {
  const stops = data.stops, e = state.sel;
  let k;
  if (!stops.length) return;
  if (state.stop >= 0 && stops[state.stop] === e) k = state.stop + dir;
  else if (!e) k = dir > 0 ? 0 : stops.length - 1;
  else if (dir > 0) k = stops.findIndex((s) => s.order > e.order);      // from an event off the tour
  else k = stops.reduce((found, s, i) => (s.order < e.order ? i : found), -1);
  if (k >= 0 && k < stops.length) goStop(k);
}
function goStop(k) {
  const e = data.stops[k], a = document.activeElement;
  select(e, { stop: k });
  if (a && a.classList.contains('event')) {                                      // focus follows
    e.btn.focus({ preventScroll: true });
    keepAboveSheet(e);
  }
  else if (a && a.classList.contains('list-item')) e.item.focus();
}
function updateNav() {
  const n = data.stops.length, k = state.stop, noun = data.isTour ? 'Stop' : 'Event';
  $('tour-pos').textContent = navPos.textContent = !n ? '' : k >= 0 ? `${noun} ${k + 1} of ${n}` : plural(n, noun.toLowerCase());
  for (const b of [$('prev'), navPrev]) b.setAttribute('aria-disabled', String(!n || (k === 0 && !!state.sel)));
  for (const b of [$('next'), navNext]) b.setAttribute('aria-disabled', String(!n || (k === n - 1 && !!state.sel)));
}

/* ---------- Search: every word must occur in title, summary, tags or an excerpt ---------- */
const search = $('search'), matchList = $('match-list');
function runSearch() {
  const words = fold(search.value).split(/\s+/).filter(Boolean);
  const found = words.length ? events.filter((e) => words.every((w) => e.hay.includes(w))) : null;
  state.matches = found && new Set(found);
  $('match-count').textContent = !found ? '' : found.length === 1 ? '1 match'
    : found.length ? `${found.length} matches` : 'No matches';
  matchList.hidden = !found || !found.length;
  matchList.replaceChildren(...(found || []).slice(0, 100).map((e) => {
    const b = button('match-item', el('span', { class: 'li-date', text: e.date }), () => select(e, { invoker: b }), { 'data-event-id': e.id });
    b.append(' ', el('span', { class: 'li-title', text: e.label }));
    return el('li', {}, b);
  }));
  if (found && found.length > 100) matchList.append(el('li', { class: 'muted' }, `and ${found.length - 100} more`));
  requestRender();
}
search.addEventListener('input', runSearch);
search.addEventListener('keydown', (ev) => {     // Enter: next match after the selection; Shift+Enter: previous
  if (ev.key !== 'Enter' || !state.matches || !state.matches.size) return;
  ev.preventDefault();
  const found = [...state.matches], cur = state.sel ? state.sel.order : ev.shiftKey ? Infinity : -1;
  select(ev.shiftKey ? found.filter((e) => e.order < cur).pop() || found[found.length - 1]
    : found.find((e) => e.order > cur) || found[0]);
});

/* ---------- Period form: "From 1988 To 1994"; also "44 BCE", "AD 14", "1992-02" ---------- */
function parsePeriod(text, isEnd) {
  const s = text.trim().replace(/\s+/g, ' ');
  let m = /^(\d{1,6})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(s);
  if (m && +m[2] >= 1 && +m[2] <= 12) {
    const d = m[3] ? ymdToDay(+m[1], +m[2], +m[3]) : ymdToDay(+m[1], +m[2], 1);
    return isEnd ? (m[3] ? d + 1 : ymdToDay(+m[1], +m[2] + 1, 1)) : d;
  }
  m = /^(AD |CE )?(-)?(\d{1,6}) ?(BCE|BC|B\.C\.E\.|B\.C\.|CE|AD|A\.D\.)?$/i.exec(s);
  if (!m || +m[3] === 0) return null;  // there is no year 0
  const bce = !!m[2] || /^B/i.test(m[4] || '');
  if (bce && m[1]) return null;
  const y = bce ? 1 - m[3] : +m[3];
  return ymdToDay(isEnd ? y + 1 : y, 1, 1);
}
$('period').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const hint = $('period-hint'), fields = [$('from'), $('to')];
  const days = fields.map((f, i) => (f.value.trim() ? parsePeriod(f.value, i === 1) : [extent.start, extent.end][i]));
  fields.forEach((f, i) => f.setAttribute('aria-invalid', String(days[i] === null)));
  const bad = fields.find((f, i) => days[i] === null);
  hint.classList.toggle('error', !!bad);
  hint.textContent = bad ? `Cannot read “${bad.value.trim().slice(0, 20)}”: type a year such as 1988 or 44 BCE`
    : 'Years, e.g. 1988 or 44 BCE';
  if (bad) return bad.focus();
  const [a, b] = days[0] <= days[1] ? days : [days[1], days[0]], pad = (b - a) * 0.02;
  animateTo(a - pad, b + pad);
});

/* ---------- Pointer: drag to pan, pinch and wheel to zoom ---------- */
const pointers = new Map();
let drag = null, suppressClick = false;
const xOf = (clientX) => clientX - timeline.getBoundingClientRect().left;
const startGesture = () => { drag = { view: { ...view }, pts: [...pointers.values()], moved: false }; };
timeline.addEventListener('pointerdown', (ev) => {
  if (ev.pointerType === 'mouse' && ev.button !== 0) return;
  stopAnim();
  pointers.set(ev.pointerId, ev.clientX);
  startGesture();
});
timeline.addEventListener('pointermove', (ev) => {
  if (!drag || !pointers.has(ev.pointerId)) return;
  pointers.set(ev.pointerId, ev.clientX);
  const pts = [...pointers.values()], p0 = drag.pts, span = drag.view.end - drag.view.start;
  if (pts.length === 1 && p0.length === 1) {
    const dx = pts[0] - p0[0];
    if (!drag.moved && Math.abs(dx) < 6) return;       // a click, not a drag (yet)
    if (!drag.moved) timeline.setPointerCapture(ev.pointerId);
    drag.moved = true;
    timeline.classList.add('dragging');
    setView(drag.view.start - (dx / W) * span, drag.view.end - (dx / W) * span);
  } else if (pts.length === 2 && p0.length === 2) {    // pinch: keep the day under the fingers' midpoint
    drag.moved = true;
    const ns = span * ((Math.abs(p0[0] - p0[1]) || 1) / (Math.abs(pts[0] - pts[1]) || 1));
    const at = drag.view.start + (xOf((p0[0] + p0[1]) / 2) / W) * span, x1 = xOf((pts[0] + pts[1]) / 2);
    setView(at - (x1 / W) * ns, at - (x1 / W) * ns + ns);
  }
});
function endPointer(ev) {
  if (!pointers.delete(ev.pointerId)) return;
  if (drag && drag.moved) { suppressClick = true; setTimeout(() => { suppressClick = false; }, 0); }
  timeline.classList.remove('dragging');
  if (pointers.size) startGesture(); else drag = null;
}
timeline.addEventListener('pointerup', endPointer);
timeline.addEventListener('pointercancel', endPointer);
timeline.addEventListener('click', (ev) => { if (suppressClick) { ev.stopPropagation(); ev.preventDefault(); } }, true);
timeline.addEventListener('wheel', (ev) => {
  const unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? W : 1;
  let dx = ev.deltaX * unit, dy = ev.deltaY * unit;
  if (ev.shiftKey && !dx) [dx, dy] = [dy, 0];
  ev.preventDefault();
  stopAnim();
  if (ev.ctrlKey || Math.abs(dy) > Math.abs(dx)) {    // wheel or pinch (ctrl+wheel): zoom at the pointer
    setView(...zoomBy(Math.exp(clamp(dy, -300, 300) * (ev.ctrlKey ? 0.01 : 0.002)), xOf(ev.clientX)));
  } else {
    const dd = (dx / W) * (view.end - view.start);
    setView(view.start + dd, view.end + dd);
  }
}, { passive: false });
// The timeline clips its content; never let focus() scroll it sideways.
timeline.addEventListener('scroll', () => { timeline.scrollLeft = 0; timeline.scrollTop = 0; });

/* ---------- Buttons and keys ---------- */
$('prev').addEventListener('click', () => step(-1));
$('next').addEventListener('click', () => step(1));
$('zoom-in').addEventListener('click', () => animateTo(...zoomBy(0.5)));
$('zoom-out').addEventListener('click', () => animateTo(...zoomBy(2)));
$('fit').addEventListener('click', () => animateTo(...fitAll()));
const KEYS = {
  ArrowRight: () => step(1), ArrowLeft: () => step(-1),
  Home: () => data.stops.length && goStop(0), End: () => data.stops.length && goStop(data.stops.length - 1),
  '+': () => animateTo(...zoomBy(0.5)), '=': () => animateTo(...zoomBy(0.5)), '-': () => animateTo(...zoomBy(2)),
  f: () => animateTo(...fitAll()), F: () => animateTo(...fitAll()),
  Escape: () => state.sel && select(null),
};
document.addEventListener('keydown', (ev) => {
  const t = ev.target;
  if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  if (t.closest && t.closest('input, textarea, select, [contenteditable]')) return;
  if (t.classList && t.classList.contains('list-item') && /^Arrow(Up|Down)$/.test(ev.key)) {
    const li = t.parentElement[ev.key === 'ArrowDown' ? 'nextElementSibling' : 'previousElementSibling'];
    if (li) { ev.preventDefault(); li.firstChild.focus(); }   // ↑/↓ move along the list
  } else if (KEYS[ev.key]) {
    ev.preventDefault();
    KEYS[ev.key]();
  }
});

/* ---------- Start ---------- */
buildStatic();
buildTimeline();
if (events.length) {
  const s = events[0].start, e = events.reduce((a, x) => Math.max(a, x.end), -Infinity);
  const pad = Math.max((e - s) * 0.04, 15);
  extent = { start: s - pad, end: e + pad };
} else {
  const today = Math.floor(Date.now() / DAY_MS) + EPOCH;
  extent = { start: today - 365, end: today + 365 };
}
readConfig();
setView(...(data.view || fitAll()));
renderDetail();
updateNav();
new ResizeObserver(() => { readConfig(); render(); }).observe(timeline);
})();
