// The search page: a search box and filters over the Pagefind index built with the site.
// Without JavaScript the page shows its "Browse instead" links, which are always there.

const root = document.getElementById("search");
const FILTERS = [
  ["kind", "Kind"],
  ["category", "Category"],
  ["region", "Region"],
  ["tag", "Tag"],
  ["year", "Year"],
];
const PAGE_OF_RESULTS = 10; // results shown at first, and added by "Show more results"
const EXCERPT_WORDS = 30;

function element(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

// Pagefind's excerpts are text with <mark> around matched words (it escapes < and > in the text it
// indexes): keep the marks, nothing else. Everything else here, titles and metadata included,
// goes in as text (append, setAttribute, textContent), never as HTML.
function excerptNodes(excerpt) {
  return excerpt.split(/(<mark>.*?<\/mark>)/).map((part) => {
    const marked = part.match(/^<mark>(.*?)<\/mark>$/);
    return marked ? element("mark", {}, decode(marked[1])) : decode(part);
  });
}

function decode(text) {
  const area = document.createElement("textarea");
  area.innerHTML = text;
  return area.value;
}

function filterControls(available) {
  const container = document.getElementById("search-filters");
  container.replaceChildren();
  for (const [key, label] of FILTERS) {
    const values = Object.keys(available[key] || {}).sort((a, b) => (key === "year" ? b.localeCompare(a) : a.localeCompare(b)));
    if (!values.length) continue;
    const details = element("details", { class: "search-filter" }, element("summary", {}, label));
    const fieldset = element("fieldset", {}, element("legend", { class: "visually-hidden" }, label));
    values.forEach((value, number) => {
      const id = `filter-${key}-${number}`;
      const box = element("input", { type: "checkbox", id, name: key, value });
      fieldset.append(element("div", { class: "search-option" }, box, element("label", { for: id }, `${value} (${available[key][value]})`)));
    });
    details.append(fieldset);
    container.append(details);
  }
}

function chosenFilters() {
  const chosen = {};
  for (const box of document.querySelectorAll("#search-filters input:checked")) {
    (chosen[box.name] ||= { any: [] }).any.push(box.value);
  }
  return chosen;
}

function resultItem(data) {
  const meta = [data.meta.kind, data.meta.category && `In ${data.meta.category}`, data.meta.date].filter(Boolean);
  return element(
    "li",
    {},
    element("h2", { class: "item-title" }, element("a", { href: data.url }, data.meta.title || data.url)),
    element("p", { class: "meta" }, meta.join(" · ")),
    element("p", {}, ...excerptNodes(data.excerpt)),
  );
}

// Pagefind with its filters shown: searches wait for this, while the box is already usable.
async function loadPagefind() {
  // Resolved against the page, not this script: the address in the page may be relative.
  const script = new URL(root.dataset.pagefind, document.baseURI);
  const [pagefind, others] = await Promise.all([import(script.href), otherBundles(script)]);
  await pagefind.options({ excerptLength: EXCERPT_WORDS });
  // A big site is indexed in several bundles (plugins/search/groups.py): Pagefind searches them
  // all, adds up their filter counts and ranks the results of all of them together by score.
  await Promise.all(others.map((bundle) => pagefind.mergeIndex(bundle, { excerptLength: EXCERPT_WORDS })));
  filterControls(await pagefind.filters());
  return pagefind;
}

// The addresses of the bundles after the first, from the bundles.json the build writes beside pagefind.js.
async function otherBundles(script) {
  const list = new URL("bundles.json", script);
  const response = await fetch(list);
  if (!response.ok) throw new Error(`${list} answered ${response.status}`);
  const { bundles } = await response.json();
  // On this site's origin as a path, as Pagefind keeps its first bundle's: result links then look alike.
  return bundles.map((bundle) => new URL(bundle, list)).map((url) => (url.origin === location.origin ? url.pathname : url.href));
}

function start() {
  const ready = loadPagefind();
  const input = document.getElementById("search-input");
  const status = document.getElementById("search-status");
  const results = document.getElementById("search-results");
  const form = root.querySelector("form");
  const more = document.getElementById("search-more");

  let latest = 0;
  let current = null; // the latest search: its results, its term, how many are shown
  async function run() {
    const pagefind = await ready;
    const term = input.value.trim();
    const filters = chosenFilters();
    const ask = ++latest;
    if (!term && !Object.keys(filters).length) {
      current = null;
      results.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      return;
    }
    const search = await pagefind.search(term || null, { filters });
    if (ask !== latest) return; // a newer search has started
    current = { results: search.results, term, shown: 0 };
    await showMore();
    const address = new URL(window.location);
    if (term) address.searchParams.set("q", term); else address.searchParams.delete("q");
    history.replaceState(null, "", address);
  }

  // Each result's excerpt is fetched and decoded when it is shown: a page of results at a time.
  // A new search's first page replaces the list only once it is ready, with the status line,
  // so the list is never empty or out of step with the status while it loads.
  async function showMore() {
    const search = current;
    const next = search.results.slice(search.shown, search.shown + PAGE_OF_RESULTS);
    const found = await Promise.all(next.map((result) => result.data()));
    if (search !== current) return; // a newer search has started
    if (search.shown === 0) results.replaceChildren(...found.map(resultItem));
    else results.append(...found.map(resultItem));
    search.shown += found.length;
    const count = search.results.length;
    const what = search.term ? ` for “${search.term}”` : "";
    const showing = count > search.shown ? `, showing the first ${search.shown}` : "";
    status.textContent = `${count} result${count === 1 ? "" : "s"}${what}${showing}.`;
    more.hidden = count <= search.shown;
  }

  more.addEventListener("click", () => {
    const firstNew = results.children.length;
    showMore().then(() => results.children[firstNew]?.querySelector("a")?.focus());
  });

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  form.addEventListener("change", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  input.value = new URLSearchParams(window.location.search).get("q") || "";
  // Shown as soon as it works: typing now searches once Pagefind has loaded. Focus stays where
  // the browser put it, so the skip link is the first Tab stop here as on every other page.
  root.hidden = false;
  return ready.then(() => (input.value ? run() : undefined));
}

start().catch((error) => {
  root.remove();
  document.getElementById("search-unavailable").hidden = false;
  console.error("Search could not start:", error);
});
