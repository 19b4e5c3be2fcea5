/* The site's search worker. It answers the theme's search box with the theme's own messages
 * (SETUP 0, READY 1, QUERY 2, RESULT 3), so suggestions, highlighting, keyboard use and
 * instant navigation work as before, but it ranks with rules of its own:
 *
 * - a whole-word match beats a prefix match ("GAT" ranks GAT above "gated"); only words of
 *   three letters or more are completed as prefixes (two-letter ones only while nothing
 *   matches them whole), so single letters ("N-way K-shot") are looked up, not expanded;
 * - each query word scores by its best match in each entry (rare words weigh more, by lunr's
 *   idf, field boosts as configured); a page that has all the words somewhere ranks above a
 *   page that has fewer ("discount factor"), then by its best entry plus a little of the rest;
 * - stop words are dropped from a query that has other words, and a word on most pages
 *   ("work" in "how does X work") only weighs a little; two query words in a row that a title
 *   or names list has in a row get a bonus ("graph neural network");
 * - a word the separator splits (zero_grad, U-Net, RMSNorm) matches whole, or by all of its
 *   parts; a section overview yields to the page it names when both match equally.
 *
 * The terms come from search/terms/<key>.json, fetched only for the words typed (see
 * scripts/cheatsheet/searchindex.py, which writes them with the same tokenizer).
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var K1 = 1.2;             /* BM25 term-frequency saturation, as lunr */
var PREFIX = 0.25;        /* weight of a prefix completion, times typed/complete length */
var PLURAL = 0.95;        /* weight of the same word with a plural s/es */
var COMMON = 0.5;         /* a word on more than this share of the pages is a common word: */
var WEAK = 0.2;           /* it weighs this much beside rarer words, */
var WEAK_SHARE = 0.5;     /* and counts this much in an entry's share of the query words */
var PHRASE = 0.5;         /* weight of two query words in a row found in a row */
var SPREAD = 0.1;         /* weight of a page's other matching entries in its rank */
var TIE = 1e-9;           /* best entries this close are equal: the page before the overview */
var STOP = {};
("a able about across after all almost also am among an and any are as at be because been but by can " +
 "cannot could dear did do does either else ever every for from get got had has have he her hers him " +
 "his how however i if in into is it its just least let like likely may me might most must my neither " +
 "no nor not of off often on only or other our own rather said say says she should since so some than " +
 "that the their them then there these they this tis to too twas us wants was we were what when where " +
 "which while who whom why will with would yet you your vs versus").split(" ").forEach(function (w) { STOP[w] = true; });

var state = null;         /* {docs, pages, boosts, separator, root, version, chunkSet} */
var chunks = {};          /* key -> Promise of {term: postings} */
var queue = Promise.resolve();

var has = function (table, t) { return Object.prototype.hasOwnProperty.call(table, t); };

function trim(s) { return s.replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, ""); }
function indexable(t) { return !/^[\d.,+\-−×%e]+$/.test(t); }

/* query words: {whole, parts, required, excluded}; same splitting as the index */
function parseQuery(query, separator) {
  var words = [];
  query.replace(/"/g, " ").split(/\s+/).forEach(function (raw) {
    if (!raw) return;
    var required = raw.charAt(0) === "+", excluded = raw.charAt(0) === "-" && raw.length > 1;
    if (required || excluded) raw = raw.slice(1);
    var parts = raw.split(separator).filter(Boolean).map(function (s) { return trim(s.toLowerCase()); })
      .filter(Boolean);
    if (!parts.length) return;
    words.push({ whole: parts.join(""), parts: parts, compound: parts.length > 1,
                 required: required, excluded: excluded });
  });
  return words;
}

function chunkKey(term) {
  return Array.from(term).slice(0, 2).map(function (c) {
    return /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
  }).join("");
}

function loadChunk(key) {
  if (!state.chunkSet[key]) return Promise.resolve({});
  if (!chunks[key]) {
    var url = new URL("search/terms/" + key + ".json?v=" + state.version, state.root);
    chunks[key] = fetch(url.href).then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { delete chunks[key]; return {}; });
  }
  return chunks[key];
}

/* score of one term over the entries: {doc: weighted BM25 over fields} */
function termScores(postings, weight) {
  var out = {}, n = state.docs.length, seen = {}, df = 0, i;
  for (i = 0; i < postings.length; i += 3) if (!seen[postings[i]]) { seen[postings[i]] = 1; df++; }
  var idf = Math.log(1 + Math.abs((n - df + 0.5) / (df + 0.5)));
  for (i = 0; i < postings.length; i += 3) {
    var tf = postings[i + 2];
    var s = weight * state.boosts[postings[i + 1]] * idf * ((K1 + 1) * tf) / (K1 + tf);
    out[postings[i]] = (out[postings[i]] || 0) + s;
  }
  return out;
}

/* candidates for one typed term inside its chunk: [[term, weight, isPrefix]] */
function expand(term, table, mayComplete) {
  var out = [];
  if (has(table, term)) out.push([term, 1, false]);
  if (has(table, term + "s")) out.push([term + "s", PLURAL, false]);
  if (has(table, term + "es")) out.push([term + "es", PLURAL, false]);
  if (/..s$/.test(term) && has(table, term.slice(0, -1))) out.push([term.slice(0, -1), PLURAL, false]);
  var complete = term.length >= 3 || (mayComplete && term.length === 2 && !out.length);
  if (complete)
    for (var t in table)
      if (t.length > term.length && t.lastIndexOf(term, 0) === 0 && t !== term + "s" && t !== term + "es")
        out.push([t, PREFIX * term.length / t.length, true]);
  return out;
}

/* best score per entry of one typed term: max over its whole, plural and prefix matches */
function scoreTerm(term, tables, mayComplete, matched) {
  var best = {};
  var table = tables[chunkKey(term)] || {};
  expand(term, table, mayComplete).forEach(function (e) {
    var scores = termScores(table[e[0]], e[1]);
    for (var d in scores) {
      if (!(d in best) || scores[d] > best[d]) best[d] = scores[d];
      (matched[d] = matched[d] || {})[e[0]] = true;
    }
  });
  return best;
}

function search(query) {
  var words = parseQuery(query, state.separator);
  var content = words.filter(function (w) { return !w.excluded && !STOP[w.whole]; });
  if (!content.length) content = words.filter(function (w) { return !w.excluded; });
  var excluded = words.filter(function (w) { return w.excluded; });
  if (!content.length) return Promise.resolve({ items: [] });
  var keys = {};
  words.forEach(function (w) {
    keys[chunkKey(w.whole)] = 1;
    w.parts.forEach(function (p) { keys[chunkKey(p)] = 1; });
  });
  var list = Object.keys(keys);
  return Promise.all(list.map(loadChunk)).then(function (tables) {
    var byKey = {};
    list.forEach(function (k, i) { byKey[k] = tables[i]; });
    return rank(query, content, excluded, byKey);
  });
}

function rank(query, content, excluded, tables) {
  var docs = state.docs, matched = {}, total = {}, hits = {}, d, i;
  var last = content[content.length - 1], open = !/\s$/.test(query);
  var counted = 0, weakCounted = 0, weakHits = {};
  /* a word found on most pages ("work" of "how does X work": every page has "How it works")
     says nothing next to rarer words */
  content.forEach(function (w) { w.weak = common(w, tables); });
  if (content.every(function (w) { return w.weak; })) content.forEach(function (w) { w.weak = false; });
  content.forEach(function (w) {
    var mayComplete = open && w === last;
    var scores;
    if (w.compound) {
      scores = scoreTerm(w.whole, tables, mayComplete, matched);
      var parts = w.parts.filter(indexable), sums = {}, count = {};
      parts.forEach(function (p, j) {
        var s = scoreTerm(p, tables, mayComplete && j === parts.length - 1, matched);
        for (var x in s) { sums[x] = (sums[x] || 0) + s[x] / parts.length; count[x] = (count[x] || 0) + 1; }
      });
      for (var x in sums)
        if (count[x] === parts.length && !(scores[x] >= sums[x])) scores[x] = sums[x];
    } else {
      scores = scoreTerm(w.whole, tables, mayComplete, matched);
    }
    var any = false, k = w.weak ? WEAK : 1;
    for (d in scores) {
      total[d] = (total[d] || 0) + k * scores[d];
      if (!w.weak) (hits[d] = hits[d] || []).push(w);
      else weakHits[d] = (weakHits[d] || 0) + 1;
      any = true;
    }
    if (any) { if (w.weak) weakCounted++; else counted++; }
  });
  /* two query words in a row that a title or a names list has in a row ("graph neural
     network"): a bonus, not a word of its own */
  var flat = [];
  content.forEach(function (w) { w.parts.forEach(function (p) { flat.push(p); }); });
  for (i = 0; i + 1 < flat.length; i++) {
    var table = tables[chunkKey(flat[i])] || {}, pair = flat[i] + " " + flat[i + 1];
    [pair, pair + "s"].forEach(function (t) {
      if (!has(table, t)) return;
      var s = termScores(table[t], PHRASE);
      for (d in s) if (d in total) total[d] += s[d];
    });
  }
  var drop = {};
  excluded.forEach(function (w) {
    var s = scoreTerm(w.whole, tables, false, {});
    for (d in s) drop[d] = true;
  });
  /* the words each page matches, over all of its entries: a page that has every word
     ranks above pages that have fewer, however strongly those match one word */
  var cover = {};
  for (d in total) {
    if (drop[d]) continue;
    hits[d] = hits[d] || [];
    var pg = docs[d].parent === undefined ? d : docs[d].parent;
    cover[pg] = cover[pg] || [];
    hits[d].forEach(function (w) { (cover[pg] = cover[pg] || []).indexOf(w) < 0 && cover[pg].push(w); });
  }
  var items = [];
  for (d in total) {
    if (drop[d]) continue;
    var doc = docs[d], got = hits[d], page = doc.parent === undefined ? +d : doc.parent;
    if (content.some(function (w) { return w.required && cover[page].indexOf(w) < 0; })) continue;
    /* the entry's share of the words (common words count half) */
    var frac = (got.length + WEAK_SHARE * (weakHits[d] || 0)) / (counted + WEAK_SHARE * weakCounted || 1);
    var boost = (doc.parent === undefined ? 1 : 0) + frac;
    items.push({ doc: +d, score: total[d] * (1 + boost * boost) * frac, cover: cover[page].length, got: got });
  }
  items.sort(function (a, b) { return b.cover - a.cover || b.score - a.score || a.doc - b.doc; });

  var highlight = highlighter(content, matched);
  var groups = {}, order = [];
  items.forEach(function (it) {
    var doc = docs[it.doc], page = doc.parent === undefined ? it.doc : doc.parent;
    if (!groups[page]) { groups[page] = []; order.push(page); }
    groups[page].push(result(doc, it.score, content, it.got, highlight, matched[it.doc] || {}));
  });
  var rankOf = {};
  items.forEach(function (it) {
    var page = state.pageOf[it.doc], r = rankOf[page];
    if (!r) rankOf[page] = { cover: it.cover, best: it.score, rest: 0 };
    else r.rest += it.score;
  });
  var weight = function (p) { return rankOf[p].best + SPREAD * rankOf[p].rest; };
  /* equal best entries (a name in both lists): the page itself before the overview naming it */
  var tie = function (a, b) {
    var x = rankOf[a].best, y = rankOf[b].best;
    return Math.abs(x - y) <= TIE * Math.max(x, y) ? (state.overview[a] ? 1 : 0) - (state.overview[b] ? 1 : 0) : 0;
  };
  order.sort(function (a, b) {
    return rankOf[b].cover - rankOf[a].cover || tie(a, b) || weight(b) - weight(a) || a - b;
  });
  /* scores as shown: the page's place first, then the entry's share of its page's best, so
     that the theme's Enter (best score) opens the first result */
  var out = order.map(function (page, k) {
    var group = groups[page];
    if (!group.some(function (r) { return r.location === docs[page].location; }))
      group.push(result(docs[page], 0, content, [], highlight, {}));
    var top = group[0].score || 1;
    group.forEach(function (r) { r.score = order.length - k + 0.999 * r.score / top; });
    return group;
  });
  var suggest;
  if (state.suggest && items.length) suggest = suggestion(last, matched[items[0].doc] || {});
  var data = { items: out };
  if (suggest !== undefined) data.suggest = suggest;
  return data;
}

function common(w, tables) {
  var table = tables[chunkKey(w.whole)] || {}, pages = {}, count = 0;
  [w.whole, w.whole + "s"].forEach(function (t) {
    var p = has(table, t) ? table[t] : [];
    for (var i = 0; i < p.length; i += 3) {
      var page = state.pageOf[p[i]];
      if (!pages[page]) { pages[page] = 1; count++; }
    }
  });
  return count > COMMON * state.pageCount;
}

function suggestion(word, terms) {
  var best = null;
  for (var t in terms)
    if (t.lastIndexOf(word.whole, 0) === 0 && (best === null || t.length < best.length)) best = t;
  return best ? [best] : [];
}

function result(doc, score, content, got, highlight, terms) {
  var map = {};
  content.forEach(function (w) { if (!w.weak) map[w.whole] = got.indexOf(w) >= 0; });
  var r = { location: doc.location, title: highlight(doc.title, terms), text: highlight(doc.text, terms),
            score: score, terms: map };
  if (doc.tags) r.tags = doc.tags;
  return r;
}

function escape(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/* marks every word of a title or teaser that one of the entry's matched terms begins */
function highlighter(content, matched) {
  return function (text, terms) {
    var list = Object.keys(terms);
    if (!list.length) return escape(text);
    return text.replace(/[\p{L}\p{N}_]+|[^\p{L}\p{N}_]+/gu, function (part) {
      var low = part.toLowerCase();
      var hit = list.some(function (t) { return low === t || (low.length > 1 && t.lastIndexOf(low, 0) === 0) || low.lastIndexOf(t, 0) === 0; });
      return hit && /[\p{L}\p{N}]/u.test(part) ? "<mark>" + escape(part) + "</mark>" : escape(part);
    });
  };
}

function setup(data) {
  var config = data.config, docs = data.docs, pages = {};
  var terms = config.terms || {};
  if (terms.format !== 1) throw new Error("search index format not supported");
  var pageOf = [], pageCount = 0;
  docs.forEach(function (doc, i) {
    var path = doc.location.split("#")[0];
    if (path in pages) doc.parent = pages[path]; else { pages[path] = i; pageCount++; }
    pageOf.push(pages[path]);
  });
  /* overviews: pages whose address begins another page's address (the home page too) */
  var overview = {}, paths = Object.keys(pages);
  paths.forEach(function (a) {
    if (paths.some(function (b) { return b !== a && b.lastIndexOf(a, 0) === 0; })) overview[pages[a]] = true;
  });
  var fields = config.fields || {};
  var chunkSet = {};
  terms.chunks.forEach(function (k) { chunkSet[k] = true; });
  state = {
    docs: docs,
    pageOf: pageOf,
    pageCount: pageCount,
    overview: overview,
    boosts: terms.fields.map(function (f) { return (fields[f] && fields[f].boost) || 1; }),
    separator: new RegExp(config.separator, "g"),
    root: new URL("../../", self.location.href),
    version: terms.version,
    chunkSet: chunkSet,
    suggest: !!(data.options && data.options.suggest)
  };
  chunks = {};
}

addEventListener("message", function (ev) {
  var message = ev.data;
  queue = queue.then(function () {
    switch (message.type) {
      case SETUP:
        setup(message.data);
        postMessage({ type: READY });
        return;
      case QUERY:
        return search(message.data).then(function (data) {
          postMessage({ type: RESULT, data: data });
        }, function (err) {
          console.warn("search failed:", err);
          postMessage({ type: RESULT, data: { items: [] } });
        });
    }
  }).catch(function (err) { console.warn("search failed:", err); });
});
