// tda: the search page. Pagefind fetches only the index chunks a query needs, and the
// excerpt of a result only when that result is shown, so the first results cost little.
const PAGE_SIZE = 10;
const form = document.getElementById("tda-search");
const input = document.getElementById("tda-search-input");
const status = document.getElementById("tda-search-status");
const list = document.getElementById("tda-search-results");
const more = document.getElementById("tda-search-more");
// The page is at <site>/search/, so the site root is one folder up, wherever it is served.
const root = new URL("../", document.baseURI);
let engine = null;
let current = [];
let shown = 0;
let asked = 0;

async function load() {
  if (engine === null) {
    engine = await import(new URL("pagefind/pagefind.js", root).href);
    await engine.options({ baseUrl: root.pathname, excerptLength: 24 });
  }
  return engine;
}

function say(text) {
  status.textContent = text;
}

// Pagefind's excerpt is escaped text with <mark> around the words found. It is parsed in an
// inert document and only its text and <mark> elements are copied, so nothing in it can run.
function excerpt(html) {
  const holder = document.createElement("p");
  const parsed = new DOMParser().parseFromString(html, "text/html");
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      holder.appendChild(mark);
    } else {
      holder.appendChild(document.createTextNode(node.textContent));
    }
  }
  return holder;
}

function safeHref(url) {
  // Results always point inside this site; anything else is shown as text.
  const target = new URL(url, root);
  return target.origin === root.origin ? target.href : null;
}

function item(data) {
  const entry = document.createElement("li");
  const heading = document.createElement("p");
  heading.className = "tda-search-result__title";
  const title = (data.meta && data.meta.title) || data.url;
  const href = safeHref(data.url);
  if (href) {
    const link = document.createElement("a");
    link.href = href;
    link.textContent = title;
    heading.appendChild(link);
  } else {
    heading.textContent = title;
  }
  entry.appendChild(heading);
  entry.appendChild(excerpt(data.excerpt || ""));
  return entry;
}

async function showNext(ticket) {
  const batch = current.slice(shown, shown + PAGE_SIZE);
  const pages = await Promise.all(batch.map((result) => result.data()));
  if (ticket !== asked) { return; }
  for (const data of pages) { list.appendChild(item(data)); }
  shown += pages.length;
  const total = current.length;
  more.hidden = shown >= total;
  say(total === 1 ? "1 result" : `${total} results` + (shown < total ? `, showing ${shown}` : ""));
}

async function run(query) {
  const ticket = ++asked;
  list.replaceChildren();
  more.hidden = true;
  current = [];
  shown = 0;
  if (query.trim() === "") { say(""); return; }
  say("Searching…");
  try {
    const found = await (await load()).search(query);
    if (ticket !== asked) { return; }
    current = found.results;
    if (current.length === 0) { say(`No results for “${query}”`); return; }
    await showNext(ticket);
  } catch (error) {
    if (ticket === asked) { say("Search could not load its index; please reload the page."); }
  }
}

let timer = 0;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => run(input.value), 250);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  run(input.value);
});
more.addEventListener("click", () => {
  const first = list.children.length;
  showNext(asked).then(() => {
    const link = list.children[first] && list.children[first].querySelector("a");
    if (link) { link.focus(); }
  });
});

// A query in the address, or words typed before this script arrived on a slow connection,
// are searched for at once rather than waiting for the next keystroke.
const asked_for = new URLSearchParams(location.search).get("q");
if (asked_for) { input.value = asked_for; }
if (input.value.trim() !== "") { run(input.value); }
