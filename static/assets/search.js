// kbgen search: results as you type, from the split index in /search/.
// Terms are made exactly as in src/search/tokenize.rs.
(function () {
  "use strict";
  var base = document.documentElement.getAttribute("data-base") || "/";
  var MAX_RESULTS = 10;
  var cache = {};

  function getJson(path) {
    if (!(path in cache)) {
      cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
    }
    return cache[path];
  }

  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) ||
      (n >= 0xac00 && n <= 0xd7af) || (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x2fa1f);
  }

  function terms(text) {
    var out = [], word = "", run = [];
    function flushWord() { if (word) { out.push(word); word = ""; } }
    function flushRun() {
      if (run.length === 1) out.push(run[0]);
      for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      run = [];
    }
    for (var c of text) {
      if (isCjk(c)) { flushWord(); run.push(c); }
      else if (/[\p{L}\p{N}]/u.test(c)) { flushRun(); word += c.toLowerCase(); }
      else { flushWord(); flushRun(); }
    }
    flushWord(); flushRun();
    return out;
  }

  function shardFile(term) {
    var prefix = Array.from(term).slice(0, 2).join("");
    return "search/terms/" + Array.from(new TextEncoder().encode(prefix), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("") + ".json";
  }

  function undelta(list) {
    var out = [], at = 0;
    for (var i = 0; i < list.length; i++) { at += list[i]; out.push(at); }
    return out;
  }

  // Question matches first, then headings, then body text; exact before prefix.
  var WEIGHTS = [[100, 70], [30, 20], [10, 6]];

  async function search(query) {
    var wanted = terms(query).filter(function (t) { return Array.from(t).length > 1 || isCjk(t); });
    wanted = wanted.filter(function (t, i) { return wanted.indexOf(t) === i; });
    if (!wanted.length) return [];
    var total = null;
    for (var term of wanted) {
      var shard = await getJson(shardFile(term));
      if (!shard) return [];
      var found = new Map();
      for (var key in shard) {
        var exact = key === term;
        if (!exact && !key.startsWith(term)) continue;
        shard[key].forEach(function (list, field) {
          var weight = WEIGHTS[field][exact ? 0 : 1];
          undelta(list).forEach(function (doc) { found.set(doc, Math.max(found.get(doc) || 0, weight)); });
        });
      }
      if (total === null) { total = found; continue; }
      var both = new Map();
      total.forEach(function (score, doc) { if (found.has(doc)) both.set(doc, score + found.get(doc)); });
      total = both;
    }
    var ranked = Array.from(total.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; }).slice(0, MAX_RESULTS);
    var manifest = await getJson("search/index.json");
    if (!manifest) return [];
    var results = [];
    for (var entry of ranked) {
      var chunk = await getJson("search/docs/" + Math.floor(entry[0] / manifest.chunk) + ".json");
      var doc = chunk && chunk[entry[0] % manifest.chunk];
      if (doc) results.push({ title: doc[0], url: doc[1], answer: doc[2] });
    }
    return results;
  }

  function resultLink(result, query) {
    var link = document.createElement("a");
    link.href = result.url + "?h=" + encodeURIComponent(query);
    var title = document.createElement("strong");
    title.textContent = result.title;
    link.appendChild(title);
    if (result.answer) {
      var answer = document.createElement("span");
      answer.textContent = result.answer;
      link.appendChild(answer);
    }
    return link;
  }

  // The box in the header: results as you type, arrow keys to move, Enter to open.
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  if (input && list) {
    var active = -1, latest = 0, timer = null;
    function options() { return list.querySelectorAll("[role=option]"); }
    function setActive(index) {
      var items = options();
      items.forEach(function (item, i) { item.setAttribute("aria-selected", String(i === index)); });
      active = index;
      if (index >= 0 && items[index]) input.setAttribute("aria-activedescendant", items[index].id);
      else input.removeAttribute("aria-activedescendant");
    }
    function close() { list.hidden = true; setActive(-1); }
    async function update() {
      var query = input.value.trim(), ticket = ++latest;
      if (!query) { close(); return; }
      var results = await search(query);
      if (ticket !== latest) return;
      list.textContent = "";
      results.forEach(function (result, i) {
        var item = document.createElement("li");
        item.id = "search-result-" + i;
        item.setAttribute("role", "option");
        item.appendChild(resultLink(result, query));
        list.appendChild(item);
      });
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "search-empty";
        none.textContent = "No questions match.";
        list.appendChild(none);
      }
      list.hidden = false;
      setActive(results.length ? 0 : -1);
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 60); });
    input.addEventListener("keydown", function (event) {
      var count = options().length;
      if (event.key === "ArrowDown" && count) { event.preventDefault(); setActive((active + 1) % count); }
      else if (event.key === "ArrowUp" && count) { event.preventDefault(); setActive((active - 1 + count) % count); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        var link = options()[active].querySelector("a");
        if (link) location.href = link.href;
      }
    });
    document.addEventListener("click", function (event) { if (!event.target.closest(".site-search")) close(); });
  }

  // The search page: results for ?q=, so a search can be shared as a link.
  var page = document.getElementById("search-page-results");
  var params = new URLSearchParams(location.search);
  if (page && params.get("q")) {
    var query = params.get("q");
    if (input) input.value = query;
    search(query).then(function (results) {
      page.textContent = "";
      var heading = document.getElementById("search-page-status");
      if (heading) heading.textContent = results.length ? "Results for “" + query + "”" : "No questions match “" + query + "”.";
      results.forEach(function (result) {
        var item = document.createElement("li");
        item.className = "card";
        item.appendChild(resultLink(result, query));
        page.appendChild(item);
      });
    });
  }

  // On a page opened from a result: mark the words searched for.
  var highlight = params.get("h");
  var content = document.querySelector("main article");
  if (highlight && content) {
    var words = terms(highlight).filter(function (t) { return t.length > 1 || isCjk(t); });
    if (words.length) {
      var pattern = new RegExp("(" + words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "giu");
      var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) {
        if (!walker.currentNode.parentElement.closest("script, style, mark") && pattern.test(walker.currentNode.nodeValue)) nodes.push(walker.currentNode);
        pattern.lastIndex = 0;
      }
      nodes.forEach(function (node) {
        var fragment = document.createDocumentFragment();
        node.nodeValue.split(pattern).forEach(function (part, i) {
          if (i % 2) { var mark = document.createElement("mark"); mark.textContent = part; fragment.appendChild(mark); }
          else if (part) fragment.appendChild(document.createTextNode(part));
        });
        node.parentNode.replaceChild(fragment, node);
      });
    }
  }
})();
