// kbgen search: results as you type, from the split index in /search/.
// Words, compounds and stems are made exactly as in src/search/ (the
// browser tests compare both sides); scores are BM25F impacts the build
// worked out, so ranking here is adding up.
(function () {
  "use strict";
  var base = document.documentElement.getAttribute("data-base") || "/";
  // The index sits beside the search page: `search/`, unless the site's own
  // content has a `search` folder (then kbgen moves its pages aside).
  var dir = (document.documentElement.getAttribute("data-search") || "search") + "/";
  var FORMAT_VERSION = 2;
  var MAX_RESULTS = 10;
  // How much a match counts by kind, against an exact one.
  var PREFIX_FACTOR = 0.6, TYPO_FACTOR = [1, 0.45, 0.25], COMPOUND_FACTOR = 1.5, PAIR_FACTOR = 1;
  var cache = {};

  function getJson(path) {
    if (!(path in cache)) {
      cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
    }
    return cache[path];
  }

  // ---- Words and compounds (src/search/tokenize.rs) ----

  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) ||
      (n >= 0xac00 && n <= 0xd7af) || (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x2fa1f);
  }
  var ALNUM = /[\p{L}\p{N}]/u;
  function isAlnum(c) { return ALNUM.test(c); }

  // Words with where they are: runs of letters and digits (lower-cased),
  // CJK runs as overlapping pairs.
  function wordSpans(text) {
    var out = [], word = "", wordStart = 0, run = [], at = 0;
    function flushWord() { if (word) { out.push({ word: word, start: wordStart, end: at, cjk: false }); word = ""; } }
    function flushRun() {
      if (run.length === 1) out.push({ word: run[0].c, start: run[0].at, end: run[0].at + run[0].c.length, cjk: true });
      for (var i = 0; i + 1 < run.length; i++) {
        out.push({ word: run[i].c + run[i + 1].c, start: run[i].at, end: run[i + 1].at + run[i + 1].c.length, cjk: true });
      }
      run = [];
    }
    for (var c of text) {
      if (isCjk(c)) { flushWord(); run.push({ c: c, at: at }); }
      else if (isAlnum(c)) { flushRun(); if (!word) wordStart = at; word += c.toLowerCase(); }
      else { flushWord(); flushRun(); }
      at += c.length;
    }
    flushWord(); flushRun();
    return out;
  }
  function words(text) { return wordSpans(text).map(function (s) { return s.word; }); }

  // Rust's char::is_whitespace (Unicode White_Space), and dashes.
  var SEPARATOR = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000—–]/u;
  var AROUND = "\"'`“”‘’«»,;!?.:…";
  var MAX_COMPOUND_CHARS = 40;
  function trimAround(token) {
    var chars = Array.from(token), start = 0, end = chars.length;
    while (start < end && AROUND.indexOf(chars[start]) >= 0) start++;
    while (end > start && AROUND.indexOf(chars[end - 1]) >= 0) end--;
    return chars.slice(start, end).join("");
  }
  function count(text, c) { return text.split(c).length - 1; }
  function balanced(token) {
    [["(", ")"], ["[", "]"], ["{", "}"]].forEach(function (pair) {
      var opens = count(token, pair[0]), closes = count(token, pair[1]);
      if (opens > closes && token.startsWith(pair[0])) token = token.slice(1);
      else if (closes > opens && token.endsWith(pair[1])) token = token.slice(0, -1);
    });
    return trimAround(token);
  }
  function isSubscript(token) {
    var open = token.lastIndexOf("[");
    return token.endsWith("]") && open >= 0 && /[0-9:]/.test(token.slice(open));
  }
  function isCompound(token) {
    var chars = Array.from(token);
    if (!chars.some(isAlnum) || chars.some(isCjk)) return false;
    var codeMark = chars.some(function (c) { return !isAlnum(c) && "'’-()[]{}".indexOf(c) < 0; });
    return codeMark || isSubscript(token) || (token.length > 2 && token.endsWith("()"));
  }
  function candidates(token) {
    var forms = [token], at = token.search(/[([]/);
    if (at <= 0) return forms;
    var head = token.slice(0, at), rest = token.slice(at), dot = head.lastIndexOf(".");
    var last = dot >= 0 ? head.slice(dot + 1) : null;
    forms.push(head);
    if (rest[0] === "(") {
      forms.push(head + "()");
      if (last !== null) forms.push(last + "()");
    } else {
      if (last !== null) forms.push(last);
      var end = rest.indexOf("]");
      if (end >= 0) forms.push(rest.slice(0, end + 1));
    }
    return forms;
  }
  function compounds(text) {
    var found = [];
    text.split(SEPARATOR).forEach(function (chunk) {
      // Decided on the text as written, before lower-casing (which can add
      // combining marks: "İ" → "i̇").
      var core = trimAround(chunk);
      if (Array.from(core).every(isAlnum)) return;
      var trimmed = Array.from(balanced(core));
      if (trimmed.every(function (c) { return isAlnum(c) || "'’-".indexOf(c) >= 0; }) || !trimmed.some(isAlnum)) return;
      var token = trimmed.join("").toLowerCase();
      if (Array.from(token).length > MAX_COMPOUND_CHARS || token.indexOf("://") >= 0) return;
      candidates(token).forEach(function (form) {
        if (isCompound(form) && found.slice(-8).indexOf(form) < 0) found.push(form);
      });
    });
    return found;
  }

  // ---- English stems: Snowball's Porter2, as rust-stemmers has it ----

  function isVowel(c) { return "aeiouy".indexOf(c) >= 0; }
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl",
    ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes",
  };
  var AFTER_STEP_1A = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  // After the first vowel, past the first non-vowel that follows it.
  function regionStart(w, from) {
    var i = from;
    while (i < w.length && !isVowel(w[i])) i++;
    while (i < w.length && isVowel(w[i])) i++;
    return Math.min(i + 1, w.length);
  }
  // A short syllable ends at `end`: non-vowel, vowel, non-vowel other than
  // w, x, Y; or the word is a vowel and a non-vowel.
  function shortSyllable(w, end) {
    var a = w[end - 3], b = w[end - 2], c = w[end - 1];
    if (end >= 3 && !isVowel(a) && isVowel(b) && !isVowel(c) && "wxY".indexOf(c) < 0) return true;
    return end === 2 && isVowel(b) && !isVowel(c);
  }
  function longest(w, suffixes) {
    var best = "";
    suffixes.forEach(function (s) { if (s.length > best.length && w.endsWith(s)) best = s; });
    return best;
  }
  var STEP2 = {
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize",
    ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful",
    ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogi: "og",
    fulli: "ful", lessli: "less", li: "",
  };
  var STEP3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"];

  function stemEnglish(word) {
    if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    var w = word.replace(/^y/, "Y").replace(/([aeiouy])y/g, "$1Y");
    var special = /^(gener|commun|arsen)/.exec(w);
    var p1 = special ? special[0].length : regionStart(w, 0);
    var p2 = regionStart(w, p1);
    // Step 1a
    var s = longest(w, ["sses", "ied", "ies", "s", "us", "ss"]);
    if (s === "sses") w = w.slice(0, -2);
    else if (s === "ied" || s === "ies") w = w.slice(0, -3) + (w.length > 4 ? "i" : "ie");
    else if (s === "s" && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);
    if (AFTER_STEP_1A.indexOf(w) >= 0) return w;
    // Step 1b
    s = longest(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
    if (s === "eed" || s === "eedly") {
      if (w.length - s.length >= p1) w = w.slice(0, -s.length) + "ee";
    } else if (s && /[aeiouy]/.test(w.slice(0, -s.length))) {
      w = w.slice(0, -s.length);
      if (/(at|bl|iz)$/.test(w)) w += "e";
      else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
      else if (p1 === w.length && shortSyllable(w, w.length)) w += "e";
    }
    // Step 1c
    if (w.length > 2 && /[yY]$/.test(w) && !isVowel(w[w.length - 2])) w = w.slice(0, -1) + "i";
    // Step 2
    s = longest(w, Object.keys(STEP2));
    if (s && w.length - s.length >= p1) {
      var before = w[w.length - s.length - 1];
      if (s === "ogi") { if (before === "l") w = w.slice(0, -3) + "og"; }
      else if (s === "li") { if (before && "cdeghkmnrt".indexOf(before) >= 0) w = w.slice(0, -2); }
      else w = w.slice(0, -s.length) + STEP2[s];
    }
    // Step 3
    s = longest(w, Object.keys(STEP3));
    if (s && w.length - s.length >= p1 && (s !== "ative" || w.length - s.length >= p2)) w = w.slice(0, -s.length) + STEP3[s];
    // Step 4
    s = longest(w, STEP4);
    if (s && w.length - s.length >= p2) {
      if (s !== "ion") w = w.slice(0, -s.length);
      else if (/[st]$/.test(w.slice(0, -3))) w = w.slice(0, -3);
    }
    // Step 5
    if (w.endsWith("e")) {
      var at = w.length - 1;
      if (at >= p2 || (at >= p1 && !shortSyllable(w, at))) w = w.slice(0, -1);
    } else if (w.endsWith("ll") && w.length - 1 >= p2) {
      w = w.slice(0, -1);
    }
    return w.replace(/Y/g, "y");
  }

  // ---- The index ----

  // The shard of a term: its first two characters, or more where the build
  // split a large shard (manifest.split).
  var splitPrefixes = new Set();
  function shardFile(term) {
    var chars = Array.from(term), length = 2;
    while (length < chars.length && splitPrefixes.has(chars.slice(0, length).join(""))) length++;
    var prefix = chars.slice(0, length).join("");
    return dir + "terms/" + Array.from(new TextEncoder().encode(prefix), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("") + ".json";
  }

  // Read once per page: every keystroke's search shares it.
  var languageLoaded = null;
  function loadLanguage() {
    return languageLoaded || (languageLoaded = getJson(dir + "index.json").then(function (manifest) {
      if (!manifest || manifest.version !== FORMAT_VERSION) return null;
      var stop = new Set(manifest.stop_words || []);
      splitPrefixes = new Set(manifest.split || []);
      return {
        stem: manifest.stemmer === "en" ? stemEnglish : function (w) { return w; },
        isStop: function (w) { return stop.has(w); },
      };
    }));
  }

  // Each posting list is [page step, impact, page step, impact, ...].
  function eachPosting(list, visit) {
    for (var i = 0, doc = 0; i + 1 < list.length; i += 2) { doc += list[i]; visit(doc, list[i + 1]); }
  }

  // Optimal string alignment distance, giving up above `limit`.
  function distance(a, b, limit) {
    a = Array.from(a); b = Array.from(b);
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      var smallest = i;
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[0].push(j); continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i].push(d);
        smallest = Math.min(smallest, d);
      }
      if (i > 0 && smallest > limit) return limit + 1;
    }
    return rows[a.length][b.length];
  }

  function isWordKey(key) { return key.indexOf(" ") < 0 && !isCompound(key); }

  // A query is units, one per typed chunk: "asyncio.gather" is one unit of
  // two words and a compound. The last unit may be a word still being typed.
  function parse(query, language) {
    var chunks = query.split(SEPARATOR).filter(Boolean);
    var typing = !/\s$/u.test(query);
    return chunks.map(function (chunk, i) {
      var parts = words(chunk).map(function (word) {
        var weak = language.isStop(word) || (Array.from(word).length < 2 && !isCjk(word));
        return { word: word, stem: language.stem(word), weak: weak };
      });
      var found = compounds(chunk);
      return {
        parts: parts,
        compounds: found,
        stop: found.length === 0 && parts.every(function (p) { return p.weak; }),
        typing: typing && i === chunks.length - 1,
      };
    }).filter(function (unit) { return unit.parts.length || unit.compounds.length; });
  }

  function shardsFor(units) {
    var paths = new Set();
    units.forEach(function (unit) {
      unit.parts.forEach(function (p) { paths.add(shardFile(p.stem)); paths.add(shardFile(p.word)); });
      unit.compounds.forEach(function (c) { paths.add(shardFile(c)); });
    });
    var list = Array.from(paths);
    return Promise.all(list.map(getJson)).then(function (loaded) {
      var shards = {};
      list.forEach(function (path, i) { shards[path] = loaded[i] || {}; });
      return function (term) { return shards[shardFile(term)] || {}; };
    });
  }

  // One word's scores by page: exact stems, then (while typing) prefixes,
  // then, when nothing matched, the nearest terms in its shard.
  function wordScores(part, typing, shardOf, matched) {
    var best = new Map();
    function take(key, list, factor) {
      matched.add(key);
      eachPosting(list, function (doc, impact) { best.set(doc, Math.max(best.get(doc) || 0, impact * factor)); });
    }
    var shard = shardOf(part.stem), exact = false;
    new Set([part.stem, part.word]).forEach(function (key) {
      if (Object.prototype.hasOwnProperty.call(shard, key)) { take(key, shard[key], 1); exact = true; }
    });
    var length = Array.from(part.word).length;
    if (typing && !part.weak && length >= 2) {
      Object.keys(shard).forEach(function (key) {
        if (key === part.stem || key === part.word || !isWordKey(key)) return;
        var longer = key.startsWith(part.word) || key.startsWith(part.stem);
        // A stem is often shorter than the word being typed ("sorti" → sort).
        if (longer) take(key, shard[key], PREFIX_FACTOR * Math.min(1, (length + 1) / Array.from(key).length));
      });
    }
    // A stem can be shorter than the word typed, and Porter2 sometimes cuts
    // deeper than a reader's word ("adding" → ad, but "add" → add).
    if (!part.weak && length >= 4) {
      Object.keys(shard).forEach(function (key) {
        if (key.length >= 3 && key !== part.stem && part.word.startsWith(key) && part.word.length - key.length <= 3 && isWordKey(key)) {
          take(key, shard[key], PREFIX_FACTOR);
        }
      });
    }
    if (best.size === 0 && !exact && !part.weak && length >= 4 && !isCjk(part.word)) {
      var limit = length >= 8 ? 2 : 1, near = [];
      Object.keys(shard).forEach(function (key) {
        if (!isWordKey(key)) return;
        var d = Math.min(distance(key, part.stem, limit), distance(key, part.word, limit));
        if (d <= limit) near.push({ key: key, d: d });
      });
      var closest = Math.min.apply(null, near.map(function (n) { return n.d; }));
      near.forEach(function (n) { if (n.d === closest) take(n.key, shard[n.key], TYPO_FACTOR[n.d]); });
    }
    return best;
  }

  // Pages ranked by how many of the query's content words they have, then
  // by score; stop words add a little and never take a page away.
  function rank(units, shardOf) {
    var pages = new Map(), matched = new Set();
    var allStop = units.every(function (u) { return u.stop; });
    function entry(doc) {
      if (!pages.has(doc)) pages.set(doc, { doc: doc, score: 0, covered: 0 });
      return pages.get(doc);
    }
    units.forEach(function (unit) {
      var unitScores = new Map();
      function add(scores) { scores.forEach(function (s, doc) { unitScores.set(doc, (unitScores.get(doc) || 0) + s); }); }
      var strong = unit.parts.filter(function (p) { return !p.weak; });
      (unit.stop || !strong.length ? unit.parts : strong).forEach(function (part) {
        add(wordScores(part, unit.typing, shardOf, matched));
      });
      unit.compounds.forEach(function (c) {
        var list = shardOf(c)[c];
        if (!list) return;
        matched.add(c);
        var scores = new Map();
        eachPosting(list, function (doc, impact) { scores.set(doc, impact * COMPOUND_FACTOR); });
        add(scores);
      });
      unitScores.forEach(function (score, doc) {
        var page = entry(doc);
        page.score += score;
        if (!unit.stop || allStop) page.covered += 1;
      });
    });
    // Words typed together that stand together in a question, heading or answer.
    var content = [];
    units.forEach(function (u) { u.parts.forEach(function (p) { if (!p.weak && !isCjk(p.word)) content.push(p.stem); }); });
    for (var i = 0; i + 1 < content.length; i++) {
      var pair = content[i] + " " + content[i + 1], list = shardOf(content[i])[pair];
      if (list) eachPosting(list, function (doc, impact) { if (pages.has(doc)) pages.get(doc).score += impact * PAIR_FACTOR; });
    }
    var ranked = Array.from(pages.values()).sort(function (a, b) {
      return b.covered - a.covered || b.score - a.score || a.doc - b.doc;
    });
    return { ranked: ranked.slice(0, MAX_RESULTS), matched: matched };
  }

  async function search(query) {
    var language = await loadLanguage();
    if (!language) return { results: [], matches: null };
    var units = parse(query, language);
    if (!units.length) return { results: [], matches: null };
    var shardOf = await shardsFor(units);
    var found = rank(units, shardOf);
    var docs = await Promise.all(found.ranked.map(function (r) { return getJson(dir + "docs/" + r.doc + ".json"); }));
    // Stop words and single letters count, but marking them would colour
    // every line; they are marked only when the query has nothing else.
    var allStop = units.every(function (u) { return u.stop; });
    var markable = new Set(Array.from(found.matched).filter(function (key) {
      return allStop || (!language.isStop(key) && (Array.from(key).length > 1 || isCjk(key)));
    }));
    var matches = matcher(markable, language);
    var results = [];
    docs.forEach(function (doc, i) {
      var why = found.ranked[i];
      if (doc) results.push({ title: doc.t, url: doc.u, answer: doc.a, snippet: bestSentence(doc, matches), score: why.score, covered: why.covered });
    });
    return { results: results, matches: matches };
  }

  // ---- Showing what matched ----

  // Where a text has the matched terms: words by stem, compounds and CJK
  // pairs wherever they occur.
  function matcher(matched, language) {
    var literal = Array.from(matched).filter(function (k) { return !isWordKey(k) && k.indexOf(" ") < 0 || Array.from(k).some(isCjk); });
    return function ranges(text) {
      var found = [];
      wordSpans(text).forEach(function (span) {
        if (!span.cjk && matched.has(language.stem(span.word))) found.push([span.start, span.end]);
      });
      var lower = text.toLowerCase();
      literal.forEach(function (term) {
        for (var at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + 1)) found.push([at, at + term.length]);
      });
      return found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    };
  }

  function bestSentence(doc, matches) {
    var best = null, bestCount = 0;
    (doc.s || []).forEach(function (sentence) {
      var distinct = new Set(matches(sentence).map(function (r) { return sentence.slice(r[0], r[1]).toLowerCase(); })).size;
      if (distinct > bestCount) { best = sentence; bestCount = distinct; }
    });
    var inAnswer = doc.a ? new Set(matches(doc.a).map(function (r) { return doc.a.slice(r[0], r[1]).toLowerCase(); })).size : 0;
    return bestCount > 0 && bestCount >= inAnswer ? best : null;
  }

  // Text with the matched parts in <mark>.
  function marked(text, matches) {
    var fragment = document.createDocumentFragment(), at = 0;
    (matches ? matches(text) : []).forEach(function (range) {
      if (range[0] < at) return;
      if (range[0] > at) fragment.appendChild(document.createTextNode(text.slice(at, range[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(range[0], range[1]);
      fragment.appendChild(mark);
      at = range[1];
    });
    if (at < text.length) fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function resultLink(result, query, matches) {
    var link = document.createElement("a");
    link.href = result.url + "?h=" + encodeURIComponent(query);
    var title = document.createElement("strong");
    title.appendChild(marked(result.title, matches));
    link.appendChild(title);
    if (result.answer) {
      var answer = document.createElement("span");
      answer.className = "search-answer";
      answer.appendChild(marked(result.answer, matches));
      link.appendChild(answer);
    }
    if (result.snippet) {
      var snippet = document.createElement("span");
      snippet.className = "search-snippet";
      snippet.appendChild(marked(result.snippet, matches));
      link.appendChild(snippet);
    }
    return link;
  }

  // ---- The box in the header: results as you type ----

  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  if (input && list) {
    var active = -1, latest = 0, timer = null;
    function options() { return list.querySelectorAll("[role=option]"); }
    function setActive(index) {
      var items = options();
      items.forEach(function (item, i) { item.setAttribute("aria-selected", String(i === index)); });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function close() { list.hidden = true; setActive(-1); }
    async function update() {
      var query = input.value.trim(), ticket = ++latest;
      if (!query) { close(); return; }
      var found = await search(input.value);
      if (ticket !== latest) return;
      list.textContent = "";
      found.results.forEach(function (result, i) {
        var item = document.createElement("li");
        item.id = "search-result-" + i;
        item.setAttribute("role", "option");
        item.appendChild(resultLink(result, query, found.matches));
        list.appendChild(item);
      });
      if (!found.results.length) {
        var none = document.createElement("li");
        none.className = "search-empty";
        none.textContent = "No questions match.";
        list.appendChild(none);
      }
      list.hidden = false;
      list.dataset.query = query;
      setActive(found.results.length ? 0 : -1);
    }
    // Warm the manifest when the reader heads for the box.
    input.addEventListener("focus", function () { loadLanguage(); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 60); });
    input.addEventListener("keydown", function (event) {
      var count = options().length;
      if (event.key === "ArrowDown" && count) { event.preventDefault(); list.hidden = false; setActive((active + 1) % count); }
      else if (event.key === "ArrowUp" && count) { event.preventDefault(); setActive((active - 1 + count) % count); }
      else if (event.key === "Escape") { if (list.hidden) input.value = ""; close(); }
      else if (event.key === "Enter" && active >= 0 && !list.hidden) {
        event.preventDefault();
        var link = options()[active].querySelector("a");
        if (link) location.href = link.href;
      }
    });
    // "/" anywhere but in a text field goes to the search box.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
    document.addEventListener("click", function (event) { if (!event.target.closest(".site-search")) close(); });
  }

  // ---- The search page: results for ?q=, so a search can be shared ----

  var page = document.getElementById("search-page-results");
  var params = new URLSearchParams(location.search);
  if (page && params.get("q")) {
    var query = params.get("q");
    if (input) input.value = query;
    search(query).then(function (found) {
      page.textContent = "";
      var heading = document.getElementById("search-page-status");
      if (heading) heading.textContent = found.results.length ? "Results for “" + query + "”" : "No questions match “" + query + "”.";
      found.results.forEach(function (result) {
        var item = document.createElement("li");
        item.className = "card";
        item.appendChild(resultLink(result, query, found.matches));
        page.appendChild(item);
      });
    });
  }

  // ---- On a page opened from a result: mark the words searched for ----

  var highlight = params.get("h");
  var content = document.querySelector("main article");
  if (highlight && content) {
    loadLanguage().then(function (language) {
      if (!language) return;
      var wanted = new Set(), units = parse(highlight + " ", language);
      var allStop = units.every(function (u) { return u.stop; });
      units.forEach(function (unit) {
        unit.parts.forEach(function (p) { if (!p.weak || allStop) wanted.add(p.stem); });
        unit.compounds.forEach(function (c) { wanted.add(c); });
      });
      var matches = matcher(wanted, language);
      var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT), nodes = [];
      while (walker.nextNode()) {
        var node = walker.currentNode;
        if (!node.parentElement.closest("script, style, mark") && matches(node.nodeValue).length) nodes.push(node);
      }
      nodes.forEach(function (node) { node.parentNode.replaceChild(marked(node.nodeValue, matches), node); });
    });
  }

  // For the browser tests: the same functions the search box uses.
  window.kbgenSearch = { words: words, compounds: compounds, stem: stemEnglish, search: search };
})();
