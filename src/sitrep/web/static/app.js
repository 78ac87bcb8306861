// sitrep dashboard: timeline, map, figure comparison, stories and articles over the REST API.
// Text from the store is only ever inserted with textContent (through `el`), never as HTML.
"use strict";

const LIMIT = 1000;
const TOKEN_KEY = "sitrep-token";
const main = document.getElementById("main");
const tooltip = document.getElementById("tooltip");

// DOM helpers -------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function show(...nodes) {
  clear(main).append(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
}

function showTip(event, lines) {
  tooltip.textContent = lines.filter(Boolean).join("\n");
  tooltip.hidden = false;
  const x = Math.min(event.clientX + 14, window.innerWidth - 460);
  tooltip.style.left = `${Math.max(4, x)}px`;
  tooltip.style.top = `${event.clientY + 14}px`;
}

function hideTip() {
  tooltip.hidden = true;
}

function safeHref(url) {
  // Only http(s) links from the store become clickable.
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (_) {
    return null;
  }
}

function codes(list) {
  return list && list.length ? list.join(", ") : "—";
}

function figureValue(f) {
  const fmt = (v) => Number(v).toLocaleString("en-US");
  const prefix = { approx: "about ", at_least: "at least ", at_most: "up to " }[f.qualifier] || "";
  return prefix + fmt(f.value) + (f.value_max != null ? `–${fmt(f.value_max)}` : "");
}

function cite(article) {
  return `${article.outlet || "unknown outlet"}, ${article.published || "undated"}`;
}

// API ---------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== "" && value !== null && value !== undefined) query.set(key, value);
  }
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body && body.error) || {};
    throw new ApiError(response.status, error.code || "error", error.message || response.statusText);
  }
  return body;
}

function unescapeMessage(message) {
  // The API HTML-escapes messages; textContent needs them plain again.
  const doc = new DOMParser().parseFromString(`<p>${message}</p>`, "text/html");
  return doc.body.textContent || "";
}

function showError(error) {
  if (error instanceof ApiError && error.status === 401) {
    const input = el("input", { type: "password", name: "token", autocomplete: "off" });
    const form = el(
      "form",
      { class: "card token-form", onsubmit: (e) => { e.preventDefault(); sessionStorage.setItem(TOKEN_KEY, input.value); route(); } },
      el("p", { text: "This server needs a read token (SITREP_API_READ_TOKEN)." }),
      el("label", {}, "Token ", input),
      " ",
      el("button", { type: "submit", text: "Use token" }),
    );
    show(form);
    return;
  }
  const message = error instanceof ApiError ? unescapeMessage(error.message) : String(error);
  show(el("p", { class: "error", text: message }));
}

// Dates -------------------------------------------------------------------------------------

const SEASONS = { SP: [3, 5], SU: [6, 8], FA: [9, 11], WI: [12, 14] };

function utc(y, m, d) {
  return new Date(Date.UTC(y, m - 1, d));
}

function months(year, first, last) {
  return [utc(year, first, 1), new Date(Date.UTC(year, last, 0))];
}

function isoWeekMonday(year, week) {
  const jan4 = utc(year, 1, 4);
  const day = (jan4.getUTCDay() + 6) % 7;
  return new Date(jan4.getTime() + ((week - 1) * 7 - day) * 86400000);
}

// The days a TIMEX3 date value covers (as sitrep.reconcile.timespan.interval_of), or null.
function intervalOf(value) {
  if (!value) return null;
  const decade = /^(\d{3})X$/.exec(value);
  if (decade) {
    const y = Number(decade[1]) * 10;
    return [utc(y, 1, 1), utc(y + 9, 12, 31)];
  }
  const m = /^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|W(\d{2})|Q([1-4])|H([12])|(SP|SU|FA|WI)))?/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[3]) { const d = utc(year, Number(m[2]), Number(m[3])); return [d, d]; }
  if (m[2]) return months(year, Number(m[2]), Number(m[2]));
  if (m[4]) { const d = isoWeekMonday(year, Number(m[4])); return [d, new Date(d.getTime() + 6 * 86400000)]; }
  if (m[5]) { const f = 3 * Number(m[5]) - 2; return months(year, f, f + 2); }
  if (m[6]) { const f = 6 * Number(m[6]) - 5; return months(year, f, f + 5); }
  if (m[7]) return months(year, ...SEASONS[m[7]]);
  return [utc(year, 1, 1), utc(year, 12, 31)];
}

function day(value) {
  if (!value) return null;
  const [y, m, d] = value.split("-").map(Number);
  return utc(y, m, d);
}

// Routing -----------------------------------------------------------------------------------

function parseHash() {
  const hash = window.location.hash.replace(/^#\/?/, "") || "timeline";
  const [path, query] = hash.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  return { page: parts[0], id: parts[1], params: new URLSearchParams(query || "") };
}

function go(page, id, params) {
  let hash = `#/${page}`;
  if (id) hash += `/${encodeURIComponent(id)}`;
  const query = new URLSearchParams(params || {}).toString();
  if (query) hash += `?${query}`;
  window.location.hash = hash;
}

const PAGES = {
  timeline: renderTimeline,
  map: renderMap,
  figures: renderFigures,
  stories: renderStories,
  story: renderStory,
  articles: renderArticles,
  article: renderArticle,
};

async function route() {
  hideTip();
  const { page, id, params } = parseHash();
  const active = page === "story" ? "stories" : page === "article" ? "articles" : page;
  for (const link of document.querySelectorAll("#nav a")) {
    link.classList.toggle("active", link.dataset.page === active);
  }
  const render = PAGES[page] || renderTimeline;
  if (typeof d3 === "undefined") {
    show(el("p", { class: "error", text: "The dashboard's libraries are missing: run `make web` (or `make demo`) and restart `sitrep serve`." }));
    return;
  }
  try {
    await render(id, params);
  } catch (error) {
    showError(error);
  }
}

// Filters form shared by the timeline and map --------------------------------------------------

const EVENT_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const STATUSES = ["factual", "future", "alleged", "denied", "negated", "hypothetical"];
const CATEGORIES = ["troops", "killed", "wounded", "casualties", "captured", "missing", "detained",
  "displaced", "released", "other"];

function filterForm(page, params, fields) {
  const inputs = {};
  const controls = fields.map(([name, label, options]) => {
    let input;
    if (options) {
      input = el("select", { name }, el("option", { value: "", text: "any" }),
        options.map((o) => el("option", { value: o, text: o, selected: params.get(name) === o })));
    } else {
      const type = /_(from|to)$/.test(name) ? "date" : "text";
      input = el("input", { name, type, value: params.get(name) || "", size: 8 });
    }
    inputs[name] = input;
    return el("label", {}, label, input);
  });
  const form = el("form", {
    class: "filters",
    onsubmit: (event) => {
      event.preventDefault();
      const next = {};
      for (const [name, input] of Object.entries(inputs)) if (input.value) next[name] = input.value;
      go(page, null, next);
    },
  }, controls, el("button", { type: "submit", text: "Filter" }),
  el("button", { type: "button", class: "plain", text: "Clear", onclick: () => go(page) }));
  return form;
}

function paramsOf(params, names) {
  const out = {};
  for (const name of names) if (params.get(name)) out[name] = params.get(name);
  return out;
}

// Timeline ----------------------------------------------------------------------------------

const EVENT_FILTERS = [["type", "event type", EVENT_TYPES], ["actor", "actor"], ["recipient", "recipient"],
  ["country", "country"], ["place", "place"], ["status", "status", STATUSES], ["outlet", "outlet"],
  ["date_from", "event from"], ["date_to", "event to"],
  ["published_from", "reported from"], ["published_to", "reported to"]];

async function renderTimeline(_id, params) {
  const eventParams = paramsOf(params, EVENT_FILTERS.map((f) => f[0]));
  const figureParams = paramsOf(params, ["actor", "outlet", "published_from", "published_to"]);
  const [events, figures, shared] = await Promise.all([
    api("/events", { ...eventParams, limit: LIMIT }),
    api("/figures", { ...figureParams, limit: LIMIT }),
    api("/stories", { kind: "event", min_articles: 2, limit: LIMIT }),
  ]);
  // An event opens its story when other reports tell it too; otherwise its article.
  const reported = new Set(shared.items.map((s) => s.id));
  for (const item of events.items) item.shared = Boolean(item.story && reported.has(item.story));
  const form = filterForm("timeline", params, EVENT_FILTERS);
  const dated = events.items.map((item) => ({ item, span: intervalOf(item.event.date) })).filter((d) => d.span);
  const claims = figures.items.map((item) => ({ item, at: day(item.article.published) })).filter((d) => d.at);
  const summary = el("p", { class: "note", text:
    `${events.total} events (${dated.length} dated, shown on their event date) and ${figures.total} figure claims (shown on their report date). Hover for details; click to open.` });
  const outside = dated.length ? outsideWindow(dated, claims) : [];
  const outsideNote = outside.length ? el("p", { class: "note" }, `Dated outside the window shown: `,
    outside.map((d, n) => [n ? "; " : "", el("a", { href: `#/article/${encodeURIComponent(d.item.article.id)}?event=${d.item.index}`, text: `${d.item.event.type} ${d.item.event.date}` })])) : null;
  show(el("h1", { text: "Timeline" }), form, summary, drawTimeline(dated, claims), outsideNote);
}

const YEAR = 365 * 86400000;

// The span of the reports, widened by a year each way so that recent history shows; events
// dated far outside it (a 1961 treaty recalled in a 2024 report) would squash the axis.
function timeWindow(dated, claims) {
  const reported = claims.map((d) => d.at).concat(dated.map((d) => day(d.item.article.published)).filter(Boolean));
  const spans = dated.flatMap((d) => d.span);
  if (!reported.length) return d3.extent(spans);
  const [first, last] = d3.extent(reported);
  const inside = spans.filter((t) => t >= first - YEAR && t <= last.getTime() + YEAR);
  return d3.extent(inside.concat(reported));
}

function outsideWindow(dated, claims) {
  const [lo, hi] = timeWindow(dated, claims);
  return dated.filter((d) => d.span[1] < lo || d.span[0] > hi);
}

function drawTimeline(dated, claims) {
  const lanes = [...new Set(dated.map((d) => d.item.event.type))].sort()
    .map((t) => ({ key: `event:${t}`, label: t, kind: "event" }))
    .concat([...new Set(claims.map((d) => d.item.figure.category))].sort()
      .map((c) => ({ key: `figure:${c}`, label: `${c} (claims)`, kind: "figure" })));
  const width = Math.max(760, main.clientWidth - 40);
  const laneHeight = 34;
  const margin = { top: 28, right: 24, bottom: 30, left: 150 };
  const height = margin.top + margin.bottom + Math.max(1, lanes.length) * laneHeight;
  const svg = d3.create("svg").attr("id", "timeline").attr("width", width).attr("height", height)
    .attr("role", "img").attr("aria-label", "Timeline of events and figure claims");
  if (!lanes.length) {
    svg.append("text").attr("x", 20).attr("y", 40).text("Nothing to show for these filters.");
    return svg.node();
  }
  const [lo, hi] = timeWindow(dated, claims);
  const pad = Math.max(86400000 * 5, (hi - lo) * 0.03);
  const x = d3.scaleUtc().domain([new Date(lo.getTime() - pad), new Date(hi.getTime() + pad)])
    .range([margin.left, width - margin.right]);
  const y = d3.scaleBand().domain(lanes.map((l) => l.key)).range([margin.top, height - margin.bottom]).padding(0.25);
  const color = d3.scaleOrdinal(d3.schemeTableau10);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(width / 110));
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${margin.top - 6})`).call(d3.axisTop(x).ticks(width / 110).tickSize(-(height - margin.top - margin.bottom)))
    .call((g) => g.selectAll(".tick line").attr("stroke", "#eef0f3"))
    .call((g) => g.selectAll(".tick text").remove());
  svg.append("g").selectAll("text").data(lanes).join("text").attr("class", "lane-label")
    .attr("x", margin.left - 8).attr("y", (l) => y(l.key) + y.bandwidth() / 2).attr("dy", "0.35em")
    .attr("text-anchor", "end").text((l) => l.label);
  svg.append("clipPath").attr("id", "timeline-clip").append("rect")
    .attr("x", margin.left).attr("y", 0).attr("width", width - margin.left - margin.right).attr("height", height);
  const events = svg.append("g").attr("clip-path", "url(#timeline-clip)").selectAll("rect").data(dated).join("rect")
    .attr("class", "mark event-mark")
    .attr("x", (d) => x(d.span[0]))
    .attr("width", (d) => Math.max(8, x(new Date(d.span[1].getTime() + 86400000)) - x(d.span[0])))
    .attr("y", (d) => y(`event:${d.item.event.type}`))
    .attr("height", y.bandwidth())
    .attr("rx", 3)
    .attr("fill", (d) => color(d.item.event.type))
    .attr("fill-opacity", (d) => (d.item.event.status === "factual" ? 0.75 : 0.35))
    .attr("stroke", (d) => (d.item.event.status === "factual" ? "none" : color(d.item.event.type)));
  events.on("mousemove", (e, d) => {
    const ev = d.item.event;
    showTip(e, [`${ev.type}${ev.mode ? "/" + ev.mode : ""} — ${ev.status}`,
      `${codes(ev.actor)} → ${codes(ev.recipient)}${ev.place ? " in " + ev.place : ""}`,
      `event date: ${ev.date}${ev.date_source === "published" ? " (report date)" : ""}`,
      `reported: ${cite(d.item.article)}`, `“${ev.evidence.text}”`,
      d.item.shared ? "click: the story (told by several reports)" : "click: the article"]);
  }).on("mouseleave", hideTip).on("click", (_e, d) => {
    if (d.item.shared) go("story", d.item.story);
    else go("article", d.item.article.id, { event: d.item.index });
  });
  svg.append("g").selectAll("circle").data(claims).join("circle")
    .attr("class", "mark figure-mark")
    .attr("cx", (d) => x(d.at))
    .attr("cy", (d) => y(`figure:${d.item.figure.category}`) + y.bandwidth() / 2)
    .attr("r", 6)
    .attr("fill", (d) => color(d.item.figure.category))
    .on("mousemove", (e, d) => {
      const f = d.item.figure;
      showTip(e, [`${f.category}: ${figureValue(f)} (${codes(f.actor)})`,
        `claimed by: ${f.claimant ? codes(f.claimant) : "the report"}`,
        `reported: ${cite(d.item.article)}`, `“${f.evidence.text}”`, "click: the sentence in the article"]);
    }).on("mouseleave", hideTip)
    .on("click", (_e, d) => go("article", d.item.article.id, { figure: d.item.index }));
  return svg.node();
}

// Map ---------------------------------------------------------------------------------------

let worldCache = null;

async function world() {
  if (!worldCache) {
    const response = await fetch("/static/vendor/countries-110m.json");
    if (!response.ok) throw new Error("The base map is missing: run `make web`.");
    worldCache = await response.json();
  }
  return worldCache;
}

async function renderMap(_id, params) {
  const eventParams = paramsOf(params, EVENT_FILTERS.map((f) => f[0]));
  const [atlas, placePage, eventPage] = await Promise.all([
    world(), api("/places", { limit: LIMIT }), api("/events", { ...eventParams, limit: LIMIT }),
  ]);
  const places = placePage.items.filter((p) => p.lat != null && p.lon != null && p.feature !== "country" && p.feature !== "continent");
  const events = eventPage.items.filter((e) => e.lat != null && e.lon != null);
  const width = Math.max(760, main.clientWidth - 40);
  const height = Math.round(width * 0.55);
  const countries = topojson.feature(atlas, atlas.objects.countries);
  const points = places.map((p) => [p.lon, p.lat]).concat(events.map((e) => [e.lon, e.lat]));
  const projection = d3.geoNaturalEarth1();
  if (points.length > 1) {
    projection.fitExtent([[40, 40], [width - 40, height - 40]], { type: "MultiPoint", coordinates: points });
    projection.scale(Math.min(projection.scale(), width * 2.2));
  } else {
    projection.fitSize([width, height], countries);
  }
  const path = d3.geoPath(projection);
  const svg = d3.create("svg").attr("id", "map").attr("width", width).attr("height", height)
    .attr("role", "img").attr("aria-label", "Map of places and events");
  const layer = svg.append("g");
  layer.append("path").attr("class", "graticule").attr("d", path(d3.geoGraticule10()));
  layer.append("g").selectAll("path").data(countries.features).join("path").attr("class", "country").attr("d", path)
    .append("title").text((f) => f.properties.name);
  const radius = d3.scaleSqrt().domain([1, d3.max(places, (p) => p.mentions) || 1]).range([3, 14]);
  layer.append("g").selectAll("circle").data(places).join("circle").attr("class", "place-dot mark")
    .attr("cx", (p) => projection([p.lon, p.lat])[0]).attr("cy", (p) => projection([p.lon, p.lat])[1])
    .attr("r", (p) => radius(p.mentions))
    .on("mousemove", (e, p) => showTip(e, [`${p.name}${p.country ? " (" + p.country + ")" : ""}`,
      `${p.feature}; ${p.mentions} mentions in ${p.articles} articles`, `${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}`]))
    .on("mouseleave", hideTip)
    .on("click", (_e, p) => go("timeline", null, { place: p.name }));
  layer.append("g").selectAll("circle").data(events).join("circle").attr("class", "event-dot mark")
    .attr("cx", (d) => projection([d.lon, d.lat])[0] + 3).attr("cy", (d) => projection([d.lon, d.lat])[1] - 3)
    .attr("r", 5)
    .on("mousemove", (e, d) => showTip(e, [`${d.event.type} — ${d.event.status}`,
      `${codes(d.event.actor)} → ${codes(d.event.recipient)} in ${d.event.place}`,
      `event date: ${d.event.date || "undated"}`, `reported: ${cite(d.article)}`, `“${d.event.evidence.text}”`]))
    .on("mouseleave", hideTip)
    .on("click", (_e, d) => go("article", d.article.id, { event: d.index }));
  svg.call(d3.zoom().scaleExtent([0.5, 20]).on("zoom", (e) => layer.attr("transform", e.transform)));
  show(el("h1", { text: "Map" }), filterForm("map", params, EVENT_FILTERS),
    el("p", { class: "note", text: `${places.length} places (green, sized by mentions) and ${events.length} located events (red). Scroll to zoom, drag to pan; click an event to read it.` }),
    svg.node());
}

// Figure comparison -------------------------------------------------------------------------

async function renderFigures(_id, params) {
  const all = await api("/figures", { limit: LIMIT });
  const category = params.get("category") || mostCommon(all.items.map((i) => i.figure.category)) || "";
  const inCategory = all.items.filter((i) => i.figure.category === category);
  const actor = params.get("actor") || mostCommon(inCategory.flatMap((i) => i.figure.actor)) || "";
  const actors = [...new Set(all.items.flatMap((i) => i.figure.actor))].sort();
  const selected = (await api("/figures", { category, actor, limit: LIMIT })).items;
  const conflictsPage = await api("/stories", { kind: "figure", conflicting: true, limit: LIMIT });
  const storyIds = new Set(selected.map((i) => i.story).filter(Boolean));
  const details = await Promise.all(conflictsPage.items.filter((s) => storyIds.has(s.id)).map((s) => api(`/stories/${encodeURIComponent(s.id)}`)));
  const conflictPairs = details.flatMap((d) => d.conflicts.map((c) => [d.members[c.a], d.members[c.b]]));
  const form = el("form", { class: "filters", onsubmit: (e) => { e.preventDefault(); go("figures", null, { category: catSel.value, actor: actSel.value }); } });
  const catSel = el("select", { name: "category" }, CATEGORIES.map((c) => el("option", { value: c, text: c, selected: c === category })));
  const actSel = el("select", { name: "actor" }, actors.map((a) => el("option", { value: a, text: a, selected: a === actor })));
  form.append(el("label", {}, "category", catSel), el("label", {}, "whose people", actSel), el("button", { type: "submit", text: "Compare" }));
  show(el("h1", { text: "Figure comparison" }), form,
    el("p", { class: "note", text: `${selected.length} claims of ${category} of ${actor || "anyone"}, one colour per claimant, by report date. Red rings and dashed lines mark conflicting claims. Click a point to read its sentence.` }),
    drawFigures(selected, conflictPairs));
}

function mostCommon(values) {
  const counts = d3.rollup(values, (v) => v.length, (v) => v);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))[0]?.[0];
}

function claimantOf(item) {
  return item.figure.claimant && item.figure.claimant.length ? item.figure.claimant.join("+") : `report (${item.article.outlet || "?"})`;
}

function drawFigures(items, conflictPairs) {
  const width = Math.max(760, main.clientWidth - 40);
  const height = 420;
  const margin = { top: 20, right: 180, bottom: 34, left: 70 };
  const svg = d3.create("svg").attr("id", "figure-chart").attr("width", width).attr("height", height)
    .attr("role", "img").attr("aria-label", "Figure values over time by claimant");
  const points = items.filter((i) => i.article.published);
  if (!points.length) {
    svg.append("text").attr("x", 20).attr("y", 40).text("No dated claims for this category and actor.");
    return svg.node();
  }
  const at = (i) => day(i.article.published);
  const [lo, hi] = d3.extent(points, at);
  const pad = Math.max(86400000 * 4, (hi - lo) * 0.05);
  const x = d3.scaleUtc().domain([new Date(lo.getTime() - pad), new Date(hi.getTime() + pad)]).range([margin.left, width - margin.right]);
  const top = d3.max(points, (i) => i.figure.value_max ?? i.figure.value);
  const y = d3.scaleLinear().domain([0, top * 1.1]).nice().range([height - margin.bottom, margin.top]);
  const claimants = [...new Set(points.map(claimantOf))].sort();
  const color = d3.scaleOrdinal(claimants, d3.schemeTableau10);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(width / 110));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(8, "~s"));
  const key = (i) => `${i.article.id}:${i.index}`;
  const byKey = new Map(points.map((i) => [key(i), i]));
  const conflicting = new Set();
  const links = [];
  for (const [a, b] of conflictPairs) {
    const pa = byKey.get(`${a.article.id}:${a.index}`);
    const pb = byKey.get(`${b.article.id}:${b.index}`);
    if (pa && pb) { links.push([pa, pb]); conflicting.add(key(pa)); conflicting.add(key(pb)); }
  }
  for (const name of claimants) {
    const series = points.filter((i) => claimantOf(i) === name).sort((a, b) => at(a) - at(b));
    svg.append("path").datum(series).attr("fill", "none").attr("stroke", color(name)).attr("stroke-opacity", 0.5)
      .attr("d", d3.line().x((i) => x(at(i))).y((i) => y(i.figure.value)));
  }
  svg.append("g").selectAll("line").data(points.filter((i) => i.figure.value_max != null)).join("line")
    .attr("x1", (i) => x(at(i))).attr("x2", (i) => x(at(i)))
    .attr("y1", (i) => y(i.figure.value)).attr("y2", (i) => y(i.figure.value_max))
    .attr("stroke", (i) => color(claimantOf(i))).attr("stroke-width", 3);
  svg.append("g").selectAll("line").data(links).join("line").attr("class", "conflict-link")
    .attr("x1", ([a]) => x(at(a))).attr("y1", ([a]) => y(a.figure.value))
    .attr("x2", ([, b]) => x(at(b))).attr("y2", ([, b]) => y(b.figure.value));
  svg.append("g").selectAll("circle").data(points.filter((i) => conflicting.has(key(i)))).join("circle")
    .attr("class", "conflict-ring").attr("cx", (i) => x(at(i))).attr("cy", (i) => y(i.figure.value)).attr("r", 10);
  svg.append("g").selectAll("circle").data(points).join("circle").attr("class", "mark figure-point")
    .attr("cx", (i) => x(at(i))).attr("cy", (i) => y(i.figure.value)).attr("r", 6)
    .attr("fill", (i) => color(claimantOf(i)))
    .on("mousemove", (e, i) => showTip(e, [`${i.figure.category}: ${figureValue(i.figure)} (${codes(i.figure.actor)})`,
      `claimed by: ${claimantOf(i)}`, `reported: ${cite(i.article)}`, `“${i.figure.evidence.text}”`,
      conflicting.has(key(i)) ? "conflicts with another claim of the same time" : "", "click: the sentence in the article"]))
    .on("mouseleave", hideTip)
    .on("click", (_e, i) => go("article", i.article.id, { figure: i.index }));
  const legend = svg.append("g").attr("transform", `translate(${width - margin.right + 16},${margin.top})`);
  claimants.forEach((name, n) => {
    const row = legend.append("g").attr("transform", `translate(0,${n * 18})`);
    row.append("circle").attr("r", 5).attr("cy", -4).attr("fill", color(name));
    row.append("text").attr("x", 10).text(name);
  });
  return svg.node();
}

// Stories -----------------------------------------------------------------------------------

async function renderStories(_id, params) {
  const kind = params.get("kind") || "";
  const page = await api("/stories", { kind, limit: 200 });
  const rows = page.items.map((s) => el("tr", {},
    el("td", {}, el("a", { href: `#/story/${encodeURIComponent(s.id)}`, text: s.label })),
    el("td", { text: s.kind }),
    el("td", { text: s.members }),
    el("td", { text: s.articles }),
    el("td", { text: s.outlets.join(", ") }),
    el("td", { text: `${s.first_published || "?"} – ${s.last_published || "?"}` }),
    el("td", {}, s.kind === "figure" && s.value_min != null ? `${s.value_min.toLocaleString("en-US")}–${s.value_max.toLocaleString("en-US")}` : "",
      s.conflicts ? el("span", { class: "tag conflict", text: `${s.conflicts} conflict${s.conflicts > 1 ? "s" : ""}` }) : null)));
  const filter = el("p", {}, "Show: ",
    ...[["", "all"], ["event", "events"], ["figure", "figures"]].map(([k, label]) =>
      [el("a", { href: k ? `#/stories?kind=${k}` : "#/stories", text: label }), " "]));
  show(el("h1", { text: "Stories" }),
    el("p", { class: "note", text: `${page.total} stories: reports of the same event or figure series from different articles, most reported first.` }),
    filter,
    el("table", { id: "stories" }, el("thead", {}, el("tr", {}, ["story", "kind", "claims", "articles", "outlets", "reported", "values"].map((h) => el("th", { text: h })))), el("tbody", {}, rows)));
}

// Shows a form for the API token in `panel`; resolves true once one is given, false on cancel.
function askToken(panel, reason) {
  return new Promise((resolve) => {
    const input = el("input", { type: "password", name: "token", autocomplete: "off", id: "edit-token" });
    const form = el("form", {
      class: "token-form inline",
      onsubmit: (e) => {
        e.preventDefault();
        if (!input.value) return;
        sessionStorage.setItem(TOKEN_KEY, input.value);
        clear(panel);
        resolve(true);
      },
    },
    reason ? el("p", { class: "error", text: reason }) : null,
    el("p", { text: "Splitting and merging change the store: enter the API token (SITREP_API_TOKEN of `sitrep serve`). It is kept for this browser session." }),
    el("label", {}, "Token ", input), " ",
    el("button", { type: "submit", text: "Use token" }), " ",
    el("button", { type: "button", class: "plain", text: "Cancel", onclick: () => { clear(panel); resolve(false); } }));
    clear(panel).append(form);
    input.focus();
  });
}

async function post(path, body) {
  const headers = { Accept: "application/json", "Content-Type": "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (answer && answer.error) || {};
    throw new ApiError(response.status, error.code || "error", error.message || response.statusText);
  }
  return answer;
}

// A change to the store: asks for the token once, and again when the server refuses it.
// Resolves with the API's answer, or null when the user cancels.
async function edit(panel, path, body) {
  if (!sessionStorage.getItem(TOKEN_KEY) && !(await askToken(panel, null))) return null;
  for (;;) {
    try {
      return await post(path, body);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      sessionStorage.removeItem(TOKEN_KEY);
      if (!(await askToken(panel, unescapeMessage(error.message)))) return null;
    }
  }
}

function showEditError(panel, error) {
  const message = error instanceof ApiError ? unescapeMessage(error.message) : String(error);
  clear(panel).append(el("p", { class: "error", text: message }));
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function itemName(ref) {
  return ref ? `${ref.article.slice(0, 12)}:${ref.layer}:${ref.position}` : "?";
}

function memberName(index, ref) {
  return index != null ? `#${index + 1}` : `${itemName(ref)} (no longer here)`;
}

function reasonItem(r) {
  const who = el("span", { class: `tag by-${r.decided_by}`, text: r.decided_by === "user" ? "decided by a user" : "automatic" });
  const storyLink = (story) => el("a", { href: `#/story/${encodeURIComponent(story)}`, text: story });
  if (r.action === "start") return el("li", {}, who, `${memberName(r.b, r.item)} started the story`);
  if (r.action === "split") return el("li", {}, who, `${memberName(r.b, r.item)} was split off from story `, storyLink(r.other_story));
  if (r.action === "merge") {
    const moved = r.fields.moved != null ? ` (${plural(r.fields.moved, "claim")} moved)` : "";
    return el("li", {}, who, `story ${r.other_story} was merged into this one${moved}`);
  }
  const fields = Object.entries(r.fields).map(([k, v]) => el("span", { class: "field", text: `${k}: ${v === true ? "✓" : v}` }));
  return el("li", {}, who, `${memberName(r.b, r.item)} joined like ${memberName(r.a, r.partner)}`,
    r.score != null ? ` (score ${r.score})` : "", ": ", fields);
}

function agreementList(detail) {
  const a = detail.agreement;
  const groups = a.independent_claimants.map((g) => g.join(" = ")).join("; ");
  const items = [el("li", { text: `independent sources: ${a.independent_claimants.length} (${groups})` })];
  if (detail.story.kind === "figure") {
    const fmt = (v) => Number(v).toLocaleString("en-US");
    items.unshift(el("li", { text: `range: ${a.value_min == null ? "—" : a.value_min === a.value_max ? fmt(a.value_min) : `${fmt(a.value_min)}–${fmt(a.value_max)}`}` }));
    items.push(el("li", { text: `conflicts: ${a.conflicts}; consistent claims: ${a.consistent.map((n) => `#${n + 1}`).join(", ") || "none"}` }));
    for (const b of a.breakdowns) {
      items.push(el("li", { text: `consistent breakdown: ${fmt(b.killed.value)} killed + ${fmt(b.wounded.value)} wounded ≈ ${fmt(b.casualties.value)} casualties (${b.casualties.outlet || "?"}, ${b.casualties.published || "undated"})` }));
    }
  } else {
    items.push(el("li", { text: `status: ${Object.entries(a.statuses).map(([s, n]) => `${s} ×${n}`).join(", ")}` }));
  }
  return el("ul", { class: "agreement" }, items);
}

async function renderStory(id, _params, notice) {
  const detail = await api(`/stories/${encodeURIComponent(id)}`);
  const s = detail.story;
  const conflicting = new Set(detail.conflicts.flatMap((c) => [c.a, c.b]));
  const boxes = [];
  const cards = detail.members.map((m, n) => {
    const item = m.figure || m.event;
    const head = m.figure
      ? [el("div", { class: "value", text: figureValue(m.figure) }), el("div", {}, `${m.figure.category} of ${codes(m.figure.actor)}`)]
      : [el("div", { class: "value", text: `${m.event.type}${m.event.mode ? "/" + m.event.mode : ""}` }),
        el("div", {}, `${codes(m.event.actor)} → ${codes(m.event.recipient)}${m.event.place ? " in " + m.event.place : ""}`),
        el("div", {}, el("span", { class: "tag", text: m.event.status }), el("span", { class: "tag", text: `event date ${m.event.date || "undated"}` }))];
    const params = m.figure ? { figure: m.index } : { event: m.index };
    const box = el("input", { type: "checkbox", class: "split-box", "data-member": n });
    boxes.push(box);
    const claimed = m.claimant && m.claimant.length ? codes(m.claimant) : m.speaker || "the report";
    return el("div", { class: `card claim${conflicting.has(n) ? " conflicting" : ""}`, "data-member": n },
      el("div", { class: "claim-top" }, el("span", { class: "member-no", text: `#${n + 1}` }),
        el("label", { class: "split-label" }, box, " Split off")),
      head,
      el("div", {}, "claimed by ", el("strong", { text: claimed }), m.via ? [" via ", el("strong", { text: m.via_actor ? `${m.via} (${m.via_actor})` : m.via })] : null),
      el("blockquote", { text: `“${item.evidence.text}”` }),
      el("div", { class: "meta", text: cite(m.article) }),
      el("a", { class: "to-article", href: `#/article/${encodeURIComponent(m.article.id)}?${new URLSearchParams(params)}`, text: m.article.title || "open the article" }));
  });
  const status = el("div", { id: "story-edit-status", "aria-live": "polite" });
  if (notice) status.append(notice);
  const splitButton = el("button", { type: "button", id: "split-button", text: "Split off the ticked claims" });
  splitButton.addEventListener("click", async () => {
    const chosen = boxes.filter((b) => b.checked).map((b) => detail.members[Number(b.dataset.member)]);
    if (!chosen.length) { showEditError(status, "Tick “Split off” on the claims that do not belong to this story first."); return; }
    try {
      const made = await edit(status, `/stories/${encodeURIComponent(s.id)}/split`,
        chosen.map((m) => ({ article: m.article.id, layer: m.layer, position: m.index })));
      if (!made) return;
      await renderStory(s.id, null, el("p", { class: "done" }, `Split ${plural(chosen.length, "claim")} off into story `,
        el("a", { href: `#/story/${encodeURIComponent(made.story.id)}`, class: "new-story", text: made.story.id }), "."));
    } catch (error) {
      showEditError(status, error);
    }
  });
  const others = el("select", { id: "merge-other", name: "other" }, el("option", { value: "", text: "loading stories…" }));
  const mergeButton = el("button", { type: "button", id: "merge-button", text: "Merge into this story" });
  mergeButton.addEventListener("click", async () => {
    if (!others.value) { showEditError(status, "Choose the story to merge into this one first."); return; }
    const other = others.value;
    try {
      const merged = await edit(status, `/stories/${encodeURIComponent(s.id)}/merge`, { other });
      if (!merged) return;
      await renderStory(merged.story.id, null, el("p", { class: "done", text: `Merged story ${other} into this one.` }));
    } catch (error) {
      showEditError(status, error);
    }
  });
  const reasons = detail.reasons.map(reasonItem);
  const conflicts = detail.conflicts.map((c) => el("li", { text: `#${c.a + 1} (${cite(detail.members[c.a].article)}) and #${c.b + 1} (${cite(detail.members[c.b].article)}) cannot both be true` }));
  const tools = el("div", { class: "card story-tools" },
    el("div", {}, splitButton),
    el("div", {}, el("label", {}, "Merge with… ", others), " ", mergeButton),
    status);
  show(el("h1", { text: s.label }),
    el("p", { class: "meta", text: `${s.kind} story ${s.id}: ${plural(s.members, "claim")} from ${plural(s.articles, "article")} (${s.outlets.join(", ") || "no outlet"}), reported ${s.first_published || "?"} to ${s.last_published || "?"}` }),
    tools,
    el("div", { class: "claims", id: "story-claims" }, cards),
    el("h2", { text: "Agreement" }), agreementList(detail),
    conflicts.length ? [el("h2", { text: "Conflicts" }), el("ul", {}, conflicts)] : null,
    el("h2", { text: "Why these are together" }), el("ul", { class: "reasons", id: "story-reasons" }, reasons));
  const candidates = await api("/stories", { kind: s.kind, limit: LIMIT });
  clear(others).append(el("option", { value: "", text: "choose a story" }),
    ...candidates.items.filter((c) => c.id !== s.id).map((c) =>
      el("option", { value: c.id, text: `${c.label} — ${c.id} (${plural(c.members, "claim")}, ${plural(c.articles, "article")})` })));
}

// Articles ----------------------------------------------------------------------------------

async function renderArticles(_id, params) {
  const page = await api("/articles", { ...paramsOf(params, ["outlet", "published_from", "published_to"]), limit: 500 });
  const rows = page.items.map((a) => el("tr", {},
    el("td", { text: a.published || "undated" }),
    el("td", { text: a.outlet || "" }),
    el("td", {}, el("a", { href: `#/article/${encodeURIComponent(a.id)}`, text: a.title || a.id.slice(0, 12) }),
      a.duplicate_of ? el("span", { class: "tag", text: "near-duplicate" }) : null)));
  show(el("h1", { text: "Articles" }),
    filterForm("articles", params, [["outlet", "outlet"], ["published_from", "from"], ["published_to", "to"]]),
    el("p", { class: "note", text: `${page.total} articles` }),
    el("table", { id: "articles" }, el("thead", {}, el("tr", {}, ["published", "outlet", "title"].map((h) => el("th", { text: h })))), el("tbody", {}, rows)));
}

const LAYERS = [
  ["content", "claimed words"], ["speaker", "speaker"], ["evidence", "evidence"], ["trigger", "event trigger"],
  ["actor", "actor"], ["timex", "time"], ["place", "place"], ["figure", "figure"], ["entity", "entity"],
];

// Every extracted span of an analysis, with what it is and which extractor found it.
function annotations(analysis) {
  const out = [];
  const add = (layer, span, what, extractor, ref) => { if (span) out.push({ layer, start: span.start, end: span.end, what, extractor, ref }); };
  analysis.actors.forEach((m) => add("actor", m.span, `actor ${m.actor.code} ${m.actor.sector} (${m.actor.name})`, m.extractor));
  analysis.timexes.forEach((t) => add("timex", t.span, `time ${t.type} = ${t.value}`, t.extractor));
  analysis.places.forEach((p) => add("place", p.span, `place ${p.name}${p.country ? " (" + p.country + ")" : ""}${p.lat != null ? ` ${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}` : ""}`, p.extractor));
  (analysis.entities || []).forEach((e) => add("entity", e.span, `entity ${e.label}`, e.extractor));
  analysis.attributions.forEach((a, i) => {
    const who = a.speaker_actor ? `${a.speaker_actor.code} ${a.speaker_actor.sector}` : a.speaker.text;
    add("speaker", a.speaker, `speaker of claim ${i + 1}: ${who}`, a.extractor, `claim:${i}`);
    add("content", a.content, `claim ${i + 1} (${a.kind}, ${a.certainty}) by ${who}${a.via_actor ? " via " + a.via_actor.code : ""}`, a.extractor, `claim:${i}`);
  });
  analysis.figures.forEach((f, i) => {
    add("figure", f.number, `figure ${i + 1}: ${f.category} ${figureValue(f)} of ${codes(f.actor)}, claimed by ${f.claimant ? codes(f.claimant) : "the report"}`, f.extractor, `figure:${i}`);
    add("evidence", f.evidence, `evidence of figure ${i + 1}`, f.extractor, `figure:${i}`);
  });
  analysis.events.forEach((e, i) => {
    add("trigger", e.trigger, `event ${i + 1}: ${e.type}${e.mode ? "/" + e.mode : ""} ${codes(e.actor)} → ${codes(e.recipient)}, ${e.status}, date ${e.date || "none"}`, e.extractor, `event:${i}`);
    add("evidence", e.evidence, `evidence of event ${i + 1}`, e.extractor, `event:${i}`);
    (e.mentions || []).forEach((m, k) => add("evidence", m, `evidence of event ${i + 1}, mentioned again (${k + 2})`, e.extractor, `event:${i}`));
  });
  return out;
}

// The text cut at every span boundary; each piece knows the annotations that cover it.
function segments(text, notes) {
  const cuts = new Set([0, text.length]);
  for (const n of notes) { cuts.add(Math.max(0, Math.min(text.length, n.start))); cuts.add(Math.max(0, Math.min(text.length, n.end))); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const [start, end] = [points[k], points[k + 1]];
    out.push({ start, end, notes: notes.filter((n) => n.start <= start && n.end >= end && n.end > n.start) });
  }
  return out;
}

async function renderArticle(id, params) {
  const detail = await api(`/articles/${encodeURIComponent(id)}`);
  const { article, analysis } = detail;
  const text = article.text;
  const notes = analysis ? annotations(analysis) : [];
  const focus = params.get("figure") != null ? `figure:${params.get("figure")}`
    : params.get("event") != null ? `event:${params.get("event")}`
      : params.get("claim") != null ? `claim:${params.get("claim")}` : null;
  const body = el("div", { class: "article-text card", id: "article-text" });
  for (const seg of segments(text, notes)) {
    const piece = text.slice(seg.start, seg.end);
    if (!seg.notes.length) { body.append(document.createTextNode(piece)); continue; }
    const classes = ["seg", ...new Set(seg.notes.map((n) => `hl-${n.layer}`))];
    if (focus && seg.notes.some((n) => n.ref === focus && n.layer === "evidence")) classes.push("focus");
    const span = el("span", { class: classes.join(" "), "data-layers": [...new Set(seg.notes.map((n) => n.layer))].join(" ") }, piece);
    span.addEventListener("mousemove", (e) => showTip(e, seg.notes.map((n) => `${n.what} — ${n.extractor}`)));
    span.addEventListener("mouseleave", hideTip);
    body.append(span);
  }
  const toggles = el("div", { class: "legend", id: "layers" }, LAYERS.map(([layer, label]) => {
    const box = el("input", { type: "checkbox", checked: true, "data-layer": layer });
    box.addEventListener("change", () => body.classList.toggle(`hide-${layer}`, !box.checked));
    return el("label", {}, box, el("span", { class: `swatch hl-${layer}` }), label);
  }));
  const href = article.url ? safeHref(article.url) : null;
  const meta = el("p", { class: "meta" }, cite(article), href ? [" · ", el("a", { href, rel: "noopener noreferrer", text: "original" })] : null,
    ` · id ${article.id.slice(0, 12)}`, article.duplicate_of ? ` · near-duplicate of ${article.duplicate_of.slice(0, 12)}` : "");
  const side = el("aside", { class: "side" });
  if (analysis) {
    const storyLink = (story) => (story ? el("a", { href: `#/story/${encodeURIComponent(story)}`, class: "story-link", text: "story" }) : null);
    side.append(el("h3", { text: `Figures (${analysis.figures.length})` }),
      el("ul", {}, analysis.figures.map((f, i) => el("li", {},
        el("a", { href: `#/article/${encodeURIComponent(article.id)}?figure=${i}`, text: `${f.category} ${figureValue(f)}` }),
        ` of ${codes(f.actor)}, by ${f.claimant ? codes(f.claimant) : "the report"} `, storyLink(detail.figure_stories[i])))),
      el("h3", { text: `Events (${analysis.events.length})` }),
      el("ul", {}, analysis.events.map((e, i) => el("li", {},
        el("a", { href: `#/article/${encodeURIComponent(article.id)}?event=${i}`, text: `${e.type} ${codes(e.actor)} → ${codes(e.recipient)}` }),
        ` ${e.date || ""} `, el("span", { class: "tag", text: e.status }), storyLink(detail.event_stories[i])))),
      el("h3", { text: `Claims (${analysis.attributions.length})` }),
      el("ul", {}, analysis.attributions.map((a) => el("li", {},
        el("strong", { text: a.speaker_actor ? a.speaker_actor.code : a.speaker.text }), ` ${a.kind}, ${a.certainty}: `,
        `“${a.content.text.slice(0, 120)}${a.content.text.length > 120 ? "…" : ""}”`))));
  } else {
    side.append(el("p", { class: "note", text: "This article has not been analysed." }));
  }
  show(el("h1", { text: article.title || "Untitled article" }), meta, toggles,
    el("div", { class: "article-layout" }, body, side));
  const target = body.querySelector(".focus");
  if (target) target.scrollIntoView({ block: "center" });
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", route);
