// app.js - parley serve's page: a dyad's relations chart (drawn by the
// store, /api/relations?format=svg), a period's events, an event's
// sentences and sources, and a map of the listed events' countries.
// Plain browser JavaScript: no library, no build step, nothing fetched
// from elsewhere. Text from the store is always set as textContent.
'use strict';

const $ = (id) => document.getElementById(id);
const SVGNS = 'http://www.w3.org/2000/svg';
const state = { a: '', b: '', by: 'month', shapes: null };

function setStatus(msg, isError) {
  $('status').textContent = msg;
  $('status').className = isError ? 'error' : '';
}

// GET a route; an error response's JSON message becomes the thrown Error.
async function api(path) {
  const r = await fetch(path);
  const type = r.headers.get('Content-Type') || '';
  if (!r.ok) {
    let msg = 'HTTP ' + r.status;
    try { msg = (await r.json()).error.message; } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  return type.includes('json') ? r.json() : r.text();
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

// A period key of the chart as the first and last day it covers.
function periodRange(key, by) {
  const pad = (n) => String(n).padStart(2, '0');
  const iso = (d) => d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
  if (by === 'month') {
    const [y, m] = key.split('-').map(Number);
    return [key + '-01', iso(new Date(Date.UTC(y, m, 0)))];
  }
  if (by === 'week') {
    const d = new Date(key + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 6);
    return [key, iso(d)];
  }
  return [key, key];
}

async function showRelations(ev) {
  if (ev) ev.preventDefault();
  state.a = $('a').value.trim().toUpperCase();
  state.b = $('b').value.trim().toUpperCase();
  state.by = $('by').value;
  setStatus('loading ' + state.a + ' and ' + state.b + '...');
  const q = 'a=' + encodeURIComponent(state.a) + '&b=' + encodeURIComponent(state.b) +
            '&by=' + encodeURIComponent(state.by);
  try {
    const [svgText, rel] = await Promise.all([api('/api/relations?' + q + '&format=svg'),
                                              api('/api/relations?' + q)]);
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const svg = document.importNode(doc.documentElement, true);
    const box = $('chart');
    box.replaceChildren(svg);
    // bars and points carry "<title>PERIOD: ...</title>": that is what a click selects
    let clickable = 0;
    for (const shape of svg.querySelectorAll('rect, circle')) {
      const t = shape.querySelector('title');
      const m = t && /^(\d{4}-\d{2}(?:-\d{2})?):/.exec(t.textContent);
      if (!m) continue;
      shape.dataset.period = m[1];
      shape.addEventListener('click', () => showPeriod(m[1]));
      clickable++;
    }
    const busy = rel.periods.filter((p) => p.events > 0).length;
    $('chart-title').textContent = state.a + ' and ' + state.b + ' by ' + state.by;
    setStatus(busy ? busy + ' ' + state.by + (busy > 1 ? 's' : '') + ' with events, ' +
                     rel.turning_points.length + ' turning point(s)'
                   : 'no events between ' + state.a + ' and ' + state.b);
    $('events').tBodies[0].replaceChildren();
    $('period').textContent = '';
    $('more').textContent = '';
    drawMap([]);
    document.body.dataset.state = 'chart';
    document.body.dataset.clickable = String(clickable);
  } catch (e) {
    setStatus(e.message, true);
    document.body.dataset.state = 'error';
  }
}

async function showPeriod(key) {
  const [from, to] = periodRange(key, state.by);
  for (const s of $('chart').querySelectorAll('.selected')) s.classList.remove('selected');
  for (const s of $('chart').querySelectorAll('rect[data-period="' + key + '"]')) s.classList.add('selected');
  $('period').textContent = key + ' (' + from + ' to ' + to + ')';
  setStatus('loading the events of ' + key + '...');
  // an event dated to the month ("2023-02") sorts before the month's first
  // day, so a month's query starts the day before and keeps what is in it
  let qfrom = from;
  if (state.by === 'month') {
    const d = new Date(from + 'T00:00:00Z');
    d.setUTCDate(0);
    qfrom = d.toISOString().slice(0, 10);
  }
  const inPeriod = (e) => state.by === 'month' ? (e.date || '').startsWith(key)
                                               : e.date >= from && e.date <= to;
  const one = (x, y) => api('/api/events?dyad=' + encodeURIComponent(x + ',' + y) + '&from=' + qfrom +
                            '&to=' + to + '&limit=200');
  try {
    const [ab, ba] = await Promise.all([one(state.a, state.b), one(state.b, state.a)]);
    const events = ab.events.concat(ba.events).filter(inPeriod).sort((x, y) =>
      (x.date || '').localeCompare(y.date || '') || x.event_id - y.event_id);
    const body = $('events').tBodies[0];
    body.replaceChildren();
    for (const e of events) {
      const tr = document.createElement('tr');
      tr.dataset.id = e.event_id;
      tr.append(el('td', e.date), el('td', e.source.code), el('td', e.target.code),
                el('td', e.cameo), el('td', e.goldstein), el('td', e.num_articles),
                el('td', e.sentence, 'sentence'));
      tr.addEventListener('click', () => {
        for (const r of body.querySelectorAll('tr.selected')) r.classList.remove('selected');
        tr.classList.add('selected');
        showEvent(e.event_id);
      });
      body.append(tr);
    }
    const more = ab.next_offset !== null || ba.next_offset !== null;
    $('more').textContent = more ? 'The first 200 each way are shown.' : '';
    setStatus(events.length + ' event(s) in ' + key);
    drawMap(events);
    document.body.dataset.state = 'events';
  } catch (e) {
    setStatus(e.message, true);
  }
}

// The sentence with the source, target and trigger marked. Spans are byte
// offsets into the UTF-8 sentence, so the cutting is done on bytes.
function markedSentence(m) {
  const bytes = new TextEncoder().encode(m.sentence || '');
  const dec = new TextDecoder();
  const spans = [['source', m.source], ['target', m.target], ['trigger', m.trigger]]
    .filter(([, s]) => s && s.start !== null && s.end > s.start)
    .map(([role, s]) => ({ role, start: s.start, end: s.end }))
    .sort((x, y) => x.start - y.start);
  const p = el('p', null, 'sentence');
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue; // overlapping spans: the first wins
    p.append(dec.decode(bytes.slice(at, s.start)));
    const mark = el('mark', dec.decode(bytes.slice(s.start, s.end)), s.role);
    mark.title = s.role;
    p.append(mark);
    at = s.end;
  }
  p.append(dec.decode(bytes.slice(at)));
  return p;
}

function facts(pairs) {
  const dl = document.createElement('dl');
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    dl.append(el('dt', k));
    const dd = document.createElement('dd');
    if (v instanceof Node) dd.append(v); else dd.textContent = String(v);
    dl.append(dd);
  }
  return dl;
}

// A link only for http(s) addresses; anything else is shown as text.
function link(url, text) {
  if (!/^https?:\/\//i.test(url || '')) return document.createTextNode(text || url || '');
  const a = el('a', text || url);
  a.href = url;
  a.rel = 'noopener noreferrer';
  a.target = '_blank';
  return a;
}

async function showEvent(id) {
  setStatus('loading event ' + id + '...');
  try {
    const e = await api('/api/events/' + encodeURIComponent(id));
    $('event-title').textContent = '#' + e.event_id + ' ' + e.source.code + ' \u2192 ' +
                                   e.target.code + ' ' + e.cameo;
    const box = $('detail');
    box.replaceChildren(facts([
      ['event', e.event_name], ['date', e.date], ['source', e.source.name + ' (' + e.source.code + ')'],
      ['target', e.target.name + ' (' + e.target.code + ')'], ['CAMEO', e.cameo],
      ['Goldstein', e.goldstein], ['QuadClass', e.quad_class], ['place', e.place],
      ['mentions', e.num_mentions], ['articles', e.num_articles], ['outlets', e.num_sources],
      ['confidence', e.confidence], ['first seen', e.first_seen], ['last seen', e.last_seen]]));
    for (const m of e.mentions) {
      const div = el('div', null, 'mention');
      div.dataset.mention = m.mention_id;
      div.append(markedSentence(m));
      const d = m.document;
      const pat = m.pattern ? (m.pattern.text || '(the verb block\'s default code)') + ' \u2014 ' +
                              m.pattern.file + ':' + m.pattern.line : null;
      div.append(facts([
        ['document', link(d.url, d.title || d.id)], ['outlet', d.source], ['published', d.date],
        ['sentence', m.sentence_index], ['source', m.source.code + ' "' + m.source.text + '" (' + (m.source.match || '') + ')'],
        ['target', m.target.code + ' "' + m.target.text + '" (' + (m.target.match || '') + ')'],
        ['trigger', m.trigger.text], ['code', m.cameo + (m.mode ? ' (' + m.mode + ')' : '')],
        ['pattern', pat], ['confidence', m.confidence]]));
      box.append(div);
    }
    if (e.mentions_shown < e.num_mentions)
      box.append(el('p', 'The first ' + e.mentions_shown + ' of ' + e.num_mentions + ' mentions are shown.', 'hint'));
    setStatus('event ' + e.event_id + ': ' + e.mentions.length + ' mention(s)');
    document.body.dataset.state = 'detail';
  } catch (err) {
    setStatus(err.message, true);
  }
}

// The world from /countries.json (Natural Earth 1:110m, equirectangular,
// a 360 x 180 box): the places of the events dark, their actors' light.
async function drawMap(events) {
  try {
    if (!state.shapes) state.shapes = await api('/countries.json');
  } catch (e) {
    $('map-note').textContent = 'map unavailable: ' + e.message;
    return;
  }
  const places = new Map(), actors = new Map();
  const bump = (m, k) => { if (k && k.length >= 3) m.set(k, (m.get(k) || 0) + 1); };
  for (const e of events) {
    if (e.place_country) bump(places, e.place_country);
    else { bump(actors, e.source.code.slice(0, 3)); bump(actors, e.target.code.slice(0, 3)); }
  }
  if (!events.length) { bump(actors, state.a.slice(0, 3)); bump(actors, state.b.slice(0, 3)); }
  const svg = document.createElementNS(SVGNS, 'svg');
  svg.setAttribute('viewBox', '0 0 360 160');
  svg.setAttribute('role', 'img');
  for (const [iso, c] of Object.entries(state.shapes)) {
    const p = document.createElementNS(SVGNS, 'path');
    p.setAttribute('d', c.d);
    p.id = 'country-' + iso;
    const n = places.get(iso), k = actors.get(iso);
    if (n) p.classList.add('place'); else if (k) p.classList.add('actor');
    const t = document.createElementNS(SVGNS, 'title');
    t.textContent = c.name + (n ? ': ' + n + ' event(s) here' : '') + (k ? ': actor in ' + k : '');
    p.append(t);
    svg.append(p);
  }
  $('map').replaceChildren(svg);
  $('map').dataset.places = String(places.size);
  $('map').dataset.actors = String(actors.size);
}

$('dyad').addEventListener('submit', showRelations);
// a link can open the page on a dyad: /?a=USA&b=CHN&by=week
const params = new URLSearchParams(location.search);
for (const k of ['a', 'b', 'by']) if (params.get(k)) $(k).value = params.get(k);
showRelations();
