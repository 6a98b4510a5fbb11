// handbok's search for the browser: the analyzer (the same as search/analyzer.go, kept in
// step by shared test vectors), the static index reader and the search box. A classic
// script with no dependencies and no fetch, modules or workers, so that it works from a
// web server and from a copy of the site opened straight from disk.
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.HandbokSearch = api;
})(this, function () {
  "use strict";

  // ---- Analyzer -------------------------------------------------------------------

  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var MARKS = /\p{Mn}/gu;
  var LETTER_FOLDS = { "ð": "d", "þ": "th", "æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l" };
  var FOLDABLE = /[ðþæøœßđł]/g;

  function words(text) {
    var out = [];
    var nfc = text.normalize("NFC");
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(nfc)) !== null) {
      out.push({ exact: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  function fold(word) {
    if (/^[\x00-\x7f]*$/.test(word)) return word;
    return word.normalize("NFD").replace(FOLDABLE, function (c) { return LETTER_FOLDS[c]; }).replace(MARKS, "");
  }

  function set(list) {
    var s = Object.create(null);
    list.split(/\s+/).forEach(function (w) { if (w) s[w] = true; });
    return s;
  }

  var STOP = {
    is: set("a ad af alla allir allt an auk eda ef eftir eg ekki en er eru fra fyrir " +
      "gegnum hafa hann hans hefur hennar henni hja hun hvad hver hvert hvort i inn med " +
      "medal milli nema nu og oll ollum okkar okkur sem sig sin sina sinn sinu sitt sja " +
      "skal skulu sem svo tha thad thaer thar thau thegar theim their theirra thess thessa " +
      "thessi thessu thetta thi thu til um undir upp ur utan var vera verdur vid voru yfir"),
    en: set("a an and are as at be been but by for from has have he her his i if in " +
      "into is it its of on or our she so that the their them there these they this to " +
      "was we were which who will with you your")
  };

  function byLength(list) {
    return list.slice().sort(function (a, b) { return b.length - a.length; });
  }

  // The stemmer, rule for rule as search/stem.go, which explains them.
  var ENDINGS = {
    is: byLength(("unnar unni una urnar unum anna inna unna inum anum inni innar sins isins ans ins inn " +
      "ina inu urinn arnir irnir urnir urna arnar irnar arinnar arins ann an in num id " +
      "un unar unin unina uninni unarinnar anir anirnar ununum ananna ana arinn arann aranum arans " +
      "arar ararnir arana aranna urum urunum " +
      "udum udud udu adi adir ast ist ari ara astur asti asta ust ustu " +
      "um ar ur ir ra ri rar rir is a i u s").split(" ")),
    en: byLength(["ing", "ed", "es", "ly", "s"])
  };
  var STEMS = [["menn", "mann", "la"], ["mad", "mann", ""], ["kvenn", "kon", ""], ["deg", "dag", ""], ["hend", "hand", ""]];
  var VERBS = { tek: "tak", tok: "tak", "for": "far", fer: "far", farn: "far", gaf: "gef", bar: "ber", bor: "ber",
    born: "ber", akv: "akved", gefn: "gef", metn: "met" };
  var WORDS = { eldri: "elst", eldra: "elst" };
  var MIN_STEM = 3;

  function lang(l) { return l === "en" ? "en" : "is"; }
  function isVowel(c) { return c !== undefined && "aeiouy".indexOf(c) >= 0; }
  function runes(s) { return Array.from(s).length; }

  function endingAllowed(w, e) {
    var before = w.slice(0, w.length - e.length), last = before[before.length - 1], prev = before[before.length - 2];
    if (e === "num") return "dlmp".indexOf(last) >= 0 || /ng$/.test(before);
    if (e === "id") return !isVowel(last) && !(prev !== undefined && (last === "t" || last === "m") && !isVowel(prev));
    if (e === "ann" || e === "anna") return last !== "m" || isVowel(prev);
    if (e === "ust" || e === "ustu") return last === "g" || last === "k";
    if (e[0] === "i" && e !== "ir" && e !== "is" && e !== "ist" || e === "s" || e[0] === "r") return !isVowel(last);
    return true;
  }

  function cutEnding(f, endings, allowed) {
    var n = runes(f);
    for (var i = 0; i < endings.length; i++) {
      var e = endings[i];
      if (n - e.length >= MIN_STEM && f.slice(f.length - e.length) === e && (!allowed || allowed(f, e))) {
        return f.slice(0, f.length - e.length);
      }
    }
    return f;
  }

  function isDroppable(c, before, after) {
    if (isVowel(before) || before.charCodeAt(0) >= 128) return false;
    if (c === "t") return before !== "s";
    if (c === "n") return "bdgklpv".indexOf(before) >= 0;
    if (c === "d") return before === "d" || before === "g" && after === "g";
    return true;
  }

  function stemIcelandic(w) {
    if (Object.prototype.hasOwnProperty.call(WORDS, w)) return WORDS[w];
    w = cutEnding(w, ENDINGS.is, endingAllowed);
    for (var i = 0; i < STEMS.length; i++) {
      var s = STEMS[i], rest = w.slice(0, w.length - s[0].length);
      if (w.slice(rest.length) === s[0] && (rest === "" || s[2].indexOf(rest[rest.length - 1]) < 0)) {
        w = rest + s[1];
        break;
      }
    }
    var n = runes(w);
    if (/[au]d$/.test(w) && n - 2 >= MIN_STEM) {
      w = w.slice(0, -2);
      n -= 2;
    } else if (/(end|and)$/.test(w) && n - 3 >= MIN_STEM) {
      w = w.slice(0, -3);
      n -= 3;
    }
    "jtdn".split("").forEach(function (c) {
      if (n - 1 >= MIN_STEM && w[w.length - 1] === c && isDroppable(c, w[w.length - 2], w[w.length - 3])) {
        w = w.slice(0, -1);
        n--;
      }
    });
    return Object.prototype.hasOwnProperty.call(VERBS, w) ? VERBS[w] : w;
  }

  // stem gives the stem of a lower-case word.
  function stem(word, l) {
    l = lang(l);
    var f = fold(word);
    if (f === "" || (f[0] >= "0" && f[0] <= "9")) return f;
    if (l === "en") {
      if (f.length > 4 && /ies$/.test(f)) return f.slice(0, -3) + "y";
      if (/(ss|us|is)$/.test(f)) return f;
      return cutEnding(f, ENDINGS.en);
    }
    return stemIcelandic(word.indexOf("ö") >= 0 && runes(f) >= MIN_STEM ? fold(word.replace(/ö/g, "a")) : f);
  }

  function isStopWord(f, l) { return STOP[lang(l)][f] === true; }

  function analyze(text, l) {
    var out = [];
    words(text).forEach(function (w) {
      w.fold = fold(w.exact);
      // A word of combining marks alone folds to nothing: as a key it would be every
      // word's prefix.
      if (w.fold === "" || isStopWord(w.fold, l)) return;
      w.stem = stem(w.exact, l);
      out.push(w);
    });
    return out;
  }

  function analyzeQuery(text, l) {
    var tokens = analyze(text, l);
    if (tokens.length > 0) return tokens;
    return words(text).map(function (w) {
      w.fold = fold(w.exact);
      w.stem = stem(w.exact, l);
      return w;
    }).filter(function (w) { return w.fold !== ""; });
  }


  // ---- Static index -----------------------------------------------------------------
  //
  // The files in search/ are classic scripts that hand their data to the functions below;
  // a file is asked for once, by adding a <script> element, and only when a query needs it.

  var root = "";           // the way from this page to the site root
  var loading = {};        // file name → Promise of its data
  var arrived = {};        // file name → function that resolves its promise
  var manifest = null;
  var shards = {};         // shard number → {key: postings}
  var decoded = {};        // key → [doc, impact, doc, impact…]
  var docTable = null;
  var fragments = {};
  var typoWords = {};      // file of words → [{fold, pages, word}]

  // loadScript adds the script of a file of the index to the page; the file calls one of
  // the functions below when it has run. Tests in node replace it.
  var loadScript = function (name, fail) {
    var s = document.createElement("script");
    s.src = root + "search/" + name;
    s.onerror = fail;
    document.head.appendChild(s);
  };

  function file(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        arrived[name] = resolve;
        loadScript(name, function () { delete loading[name]; reject(new Error("cannot load search/" + name)); });
      });
    }
    return loading[name];
  }
  function deliver(name, data) { if (arrived[name]) arrived[name](data); }

  function onManifest(m) { manifest = m; deliver("index.js", m); }
  function onShard(n, data) { shards[n] = data; deliver("shard-" + n + ".js", data); }
  function onDocs(d) { docTable = decodeList(d.table); docTable.kinds = d.kinds; deliver("docs.js", d); }
  function onFragment(i, f) { fragments[i] = f; deliver(fragmentPath(i), f); }
  function onWords(name, data) {
    var list = [];
    for (var w in data) list.push({ fold: fold(w), pages: data[w], word: w });
    typoWords[name] = list;
    deliver(name, list);
  }
  // fragmentPath is where page i's fragment is: a hundred pages a folder (search/static.go).
  function fragmentPath(i) { return "f/" + Math.floor(i / 100) + "/" + i + ".js"; }

  var DIGITS_LAST = "0123456789abcdefghijklmnopqrstuv";
  var DIGITS_MORE = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

  // decodeList reads the base-32 varints written by search/static.go.
  function decodeList(s) {
    var out = [], n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i), d = DIGITS_LAST.indexOf(c);
      if (d >= 0) { out.push(n * 32 + d); n = 0; } else { n = n * 32 + DIGITS_MORE.indexOf(c); }
    }
    return out;
  }

  // postings returns [doc, impact, doc, impact…] of a key.
  function postings(key) {
    if (decoded[key]) return decoded[key];
    var shard = shards[shardOf(key)];
    var raw = shard && shard[key];
    if (raw === undefined) return (decoded[key] = []);
    var list = decodeList(raw), doc = 0;
    for (var i = 0; i < list.length; i += 2) { doc += list[i]; list[i] = doc; }
    return (decoded[key] = list);
  }

  // shardOf is the number of the shard whose key range holds key.
  function shardOf(key) {
    var first = manifest.shards, lo = 0, hi = first.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (first[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // Weights of the forms of a query word: an exact match ranks above a folded one, that
  // above a stemmed one, that above a compound with the word as a part, and that above
  // a word that only begins with what was typed.
  var W_EXACT = 1.0, W_FOLD = 0.8, W_STEM = 0.7, W_PART = 0.55, W_PREFIX = 0.4;
  var MAX_PREFIX_KEYS = 40;

  // lookups lists the keys of each query word with their weights (search/static.go says
  // how keys are made). The index has an exact key ("log#lög") only where the word also
  // occurs in other forms that fold alike ("log"); where it has none, every page under
  // the folded key has the exact form.
  function lookups(tokens, prefix) {
    return tokens.map(function (t, i) {
      var exactKey = t.fold + "#" + t.exact;
      var keys = [
        { key: exactKey, w: W_EXACT },
        { key: t.fold, w: W_FOLD, exactUnlessKey: exactKey },
        { key: t.stem + "!", w: W_STEM },
        { key: t.stem + "$", w: W_PART }
      ];
      return { token: t, keys: keys, prefix: prefix && i === tokens.length - 1 && t.fold.length >= 2 };
    });
  }

  function hasKey(key) {
    var shard = shards[shardOf(key)];
    return !!shard && shard[key] !== undefined;
  }

  // search finds the pages for a query. It resolves to {results: [{doc, score, matched,
  // corrected}], all: whether every word matched, words: the query's words}, and when a
  // word looked misspelt and the query with it corrected finds pages, suggestion: that
  // query, and correctedWords: its words, which the results marked corrected are for.
  // opts: {prefix: treat the last word as the start of a word, workplace, kind}.
  function search(query, opts) {
    opts = opts || {};
    return file("index.js").then(function () {
      return find(query, opts).then(function (res) {
        if (res.words.length === 0 || !manifest.words) return res;
        return corrections(res.words, res.counts).then(function (fixes) {
          if (fixes.length === 0) return res;
          var q = corrected(query, fixes);
          return find(q, opts).then(function (alt) { return withCorrection(res, alt, q); });
        });
      });
    });
  }

  // find is search without corrections; it also resolves to counts, the pages each word
  // is on, whatever the filters.
  function find(query, opts) {
    var tokens = analyzeQuery(query, manifest.lang);
    if (tokens.length === 0) return Promise.resolve({ results: [], all: true, words: [], counts: [] });
    var looks = lookups(tokens, opts.prefix && !/\s$/.test(query));
    var needed = {};
    looks.forEach(function (l) {
      l.keys.forEach(function (k) { needed[shardOf(k.key)] = true; });
      if (l.prefix) {
        var a = shardOf(l.token.fold), b = Math.min(shardOf(l.token.fold + "\uffff"), a + 1);
        for (var s = a; s <= b; s++) needed[s] = true;
      }
    });
    var files = Object.keys(needed).map(function (n) { return file("shard-" + n + ".js"); });
    if (opts.workplace || opts.kind) files.push(file("docs.js"));
    return Promise.all(files).then(function () { return rank(looks, opts); });
  }

  // withCorrection adds to the results of a query (res) those of its correction q (alt):
  // pages with every word as typed first, then pages with every word as corrected; when
  // neither has every word, pages with some of the words as typed, then as corrected.
  // The correction is offered only when it adds pages.
  function withCorrection(res, alt, q) {
    if (res.all && !alt.all) return res;
    var typed = {};
    res.results.forEach(function (r) { typed[r.doc] = true; });
    var more = alt.results.filter(function (r) { return alt.all && !res.all || !typed[r.doc]; })
      .map(function (r) { return { doc: r.doc, score: r.score, matched: r.matched, corrected: true }; });
    if (more.length === 0) return res;
    return {
      results: alt.all && !res.all ? more : res.results.concat(more), all: res.all || alt.all,
      words: res.words, counts: res.counts, suggestion: q, correctedWords: alt.words
    };
  }

  function rank(looks, opts) {
    var total = {}, counts = [];
    looks.forEach(function (l) {
      var best = {};
      function add(key, w) {
        var p = postings(key);
        for (var i = 0; i < p.length; i += 2) {
          var s = p[i + 1] * w;
          if (!(best[p[i]] >= s)) best[p[i]] = s;
        }
      }
      l.keys.forEach(function (k) { add(k.key, k.exactUnlessKey && !hasKey(k.exactUnlessKey) ? W_EXACT : k.w); });
      if (l.prefix) prefixKeys(l.token.fold).forEach(function (k) { add(k, W_PREFIX); });
      var docs = Object.keys(best);
      counts.push(docs.length);
      docs.forEach(function (d) {
        var t = total[d] || (total[d] = { doc: +d, score: 0, matched: 0 });
        t.score += best[d];
        t.matched++;
      });
    });
    var results = Object.keys(total).map(function (d) { return total[d]; });
    if (opts.workplace || opts.kind) results = results.filter(function (r) { return passes(r.doc, opts); });
    var all = results.some(function (r) { return r.matched === looks.length; });
    if (all) results = results.filter(function (r) { return r.matched === looks.length; });
    results.sort(function (a, b) { return b.matched - a.matched || b.score - a.score || a.doc - b.doc; });
    return { results: results, all: all, words: looks.map(function (l) { return l.token; }), counts: counts };
  }

  // prefixKeys lists the folded keys that start with prefix, from the loaded shards.
  function prefixKeys(prefix) {
    var out = [];
    var a = shardOf(prefix), b = shardOf(prefix + "\uffff");
    for (var s = a; s <= b && out.length < MAX_PREFIX_KEYS; s++) {
      var shard = shards[s];
      if (!shard) continue;
      for (var key in shard) {
        if (key !== prefix && key.lastIndexOf(prefix, 0) === 0 && !/[!#$]/.test(key)) out.push(key);
        if (out.length >= MAX_PREFIX_KEYS) break;
      }
    }
    return out;
  }

  // passes reports whether a page is kept by the filters. A workplace keeps its own
  // pages and the policies of the whole organisation (workplace 0), which apply at every
  // workplace, as bleveindex's inWorkplace does.
  function passes(doc, opts) {
    var v = docTable[doc], kinds = docTable.kinds.length;
    var wp = Math.floor(v / kinds), kind = docTable.kinds[v % kinds];
    if (opts.kind && kind !== opts.kind) return false;
    if (opts.workplace) {
      var idx = -1;
      manifest.workplaces.forEach(function (w, i) { if (w[0] === opts.workplace) idx = i + 1; });
      if (wp !== idx && !(wp === 0 && kind === "policy")) return false;
    }
    return true;
  }

  // fragment resolves to a page's title, url (from the site root), workplace, kind and text.
  function fragment(doc) {
    return fragments[doc] ? Promise.resolve(fragments[doc]) : file(fragmentPath(doc));
  }

  // ---- Typos -----------------------------------------------------------------------
  //
  // The rules of search/typo.go, kept in step by the shared vectors in
  // testdata/typo.json: a query word of letters alone, of four letters or more, found on
  // at most TYPO_FEW_PAGES pages, is compared with the handbook's words that begin with
  // the same letter, in folded form; one edit away (two for words of eight letters or
  // more), an edit being an insertion, a deletion, a substitution or a swap of
  // neighbours. The nearest win, then the most frequent, then the first in order, and
  // only one on TYPO_GAIN times the word's pages is offered. The words are in
  // search/w/, a file per first letter and length, loaded only when a word needs them.

  var TYPO_MIN_LETTERS = 4, TYPO_LONG_LETTERS = 8, TYPO_FEW_PAGES = 2, TYPO_GAIN = 3;
  var LETTERS = /^\p{L}+$/u;

  function typoWord(f) { return LETTERS.test(f) && Array.from(f).length >= TYPO_MIN_LETTERS; }

  // typoEdits is how many edits a correction of the folded word f may be from it; 0
  // when it is not corrected.
  function typoEdits(f, l) {
    if (!typoWord(f) || isStopWord(f, l)) return 0;
    return Array.from(f).length >= TYPO_LONG_LETTERS ? 2 : 1;
  }

  // editDistance counts the edits between a and b, letter by letter, up to limit + 1.
  function editDistance(a, b, limit) {
    var x = Array.from(a), y = Array.from(b);
    if (Math.abs(x.length - y.length) > limit) return limit + 1;
    var prev2 = [], prev = [], cur = [], j;
    for (j = 0; j <= y.length; j++) prev[j] = j;
    for (var i = 1; i <= x.length; i++) {
      cur[0] = i;
      var low = i;
      for (j = 1; j <= y.length; j++) {
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        cur[j] = d;
        low = Math.min(low, d);
      }
      if (low > limit) return limit + 1;
      var t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return Math.min(prev[y.length], limit + 1);
  }

  // correct returns the candidate ({fold, pages…}) that corrects the folded word f, on
  // pages pages, or null.
  function correct(f, pages, l, cands) {
    var edits = typoEdits(f, l);
    if (edits === 0 || pages > TYPO_FEW_PAGES) return null;
    var first = Array.from(f)[0], n = Array.from(f).length, best = null, bestDist = edits + 1;
    cands.forEach(function (c) {
      if (c.fold === f || !typoWord(c.fold)) return;
      var w = Array.from(c.fold);
      if (w[0] !== first || w.length < n - edits || w.length > n + edits) return;
      var d = editDistance(f, c.fold, edits);
      if (d > edits) return;
      if (d < bestDist || (d === bestDist && (c.pages > best.pages || (c.pages === best.pages && c.fold < best.fold)))) {
        best = c; bestDist = d;
      }
    });
    if (!best || bestDist > edits || best.pages === 0 || best.pages < TYPO_GAIN * pages) return null;
    return best;
  }

  // typoLetter names a first letter in the files of words: a to z as it is, another by
  // its code point.
  function typoLetter(c) { return c >= "a" && c <= "z" ? c : "u" + c.codePointAt(0).toString(16); }

  // typoFiles lists the files of words that may hold corrections of the folded word f:
  // those of its first letter, of lengths within edits of its, that the index has (the
  // manifest's words: per letter, a bit per length from TYPO_MIN_LETTERS, five to a
  // base-32 digit).
  function typoFiles(f, edits) {
    var w = Array.from(f), letter = typoLetter(w[0]), bits = (manifest.words || {})[letter] || "", out = [];
    for (var n = Math.max(TYPO_MIN_LETTERS, w.length - edits); n <= w.length + edits; n++) {
      var k = n - TYPO_MIN_LETTERS, digit = DIGITS_LAST.indexOf(bits.charAt(Math.floor(k / 5)));
      if (digit > 0 && (digit >> (k % 5)) & 1) out.push("w/" + letter + "-" + n + ".js");
    }
    return out;
  }

  // corrections resolves to the query words that are likely typos with their
  // corrections: [{token, word}], word as the handbook writes it. counts are the pages
  // each query word is on.
  function corrections(tokens, counts) {
    var weak = [];
    tokens.forEach(function (t, i) {
      var edits = typoEdits(t.fold, manifest.lang);
      if (edits > 0 && counts[i] <= TYPO_FEW_PAGES) weak.push({ token: t, pages: counts[i], files: typoFiles(t.fold, edits) });
    });
    if (weak.length === 0) return Promise.resolve([]);
    var files = [];
    weak.forEach(function (w) { files = files.concat(w.files.map(file)); });
    return Promise.all(files).then(function () {
      var out = [];
      weak.forEach(function (w) {
        var cands = [];
        w.files.forEach(function (name) { cands = cands.concat(typoWords[name]); });
        var c = correct(w.token.fold, w.pages, manifest.lang, cands);
        if (c) out.push({ token: w.token, word: c.word });
      });
      return out;
    });
  }

  // corrected is the query with the words of fixes replaced.
  function corrected(query, fixes) {
    var q = query.normalize("NFC");
    fixes.slice().sort(function (a, b) { return b.token.start - a.token.start; }).forEach(function (f) {
      q = q.slice(0, f.token.start) + f.word + q.slice(f.token.end);
    });
    return q;
  }

  // ---- Snippets -------------------------------------------------------------------

  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The snippet's numbers and weights, as in search/snippet.go: 30 words, of which the
  // last 27 are the passage that is ranked and 3 lead up to it; the weights of a match
  // are the ranking's times five, so that sums are whole numbers.
  var SNIPPET_WORDS = 30, SNIPPET_LEAD = 3;
  var MARK_EXACT = 5, MARK_FOLD = 4, MARK_STEM = 3, MARK_PREFIX = 2, MARK_PART = 2;
  var MIN_MARKED_PART = 4;

  // hasPart tells whether a word may be a compound with the query word of stem st as a
  // part (hasPart in search/snippet.go).
  function hasPart(exact, f, st) {
    if (runes(st) < MIN_MARKED_PART || runes(f) < runes(st) + MIN_STEM) return false;
    if (exact.indexOf("ö") >= 0) f = fold(exact.replace(/ö/g, "a"));
    return f.indexOf(st) >= 0;
  }

  // matchWord returns {weight, covers} for a word of a text: the weight of its best match
  // with the query words (0 for none) and which of them it matches: in lower case,
  // folded, by stem, or, when prefix is set, by beginning with the last query word (of
  // two letters or more).
  function matchWord(word, tokens, prefix) {
    var f = fold(word.exact), st = stem(word.exact, manifest ? manifest.lang : "is");
    var best = 0, covers = null;
    for (var i = 0; i < tokens.length; i++) {
      var t = tokens[i], w = 0;
      if (word.exact === t.exact) w = MARK_EXACT;
      else if (f === t.fold) w = MARK_FOLD;
      else if (st === t.stem) w = MARK_STEM;
      else if (prefix && i === tokens.length - 1 && Array.from(t.fold).length >= 2 && f.lastIndexOf(t.fold, 0) === 0) w = MARK_PREFIX;
      else if (lang(manifest ? manifest.lang : "is") !== "en" && hasPart(word.exact, f, t.stem)) w = MARK_PART;
      if (w === 0) continue;
      if (!covers) covers = [];
      covers[i] = true;
      best = Math.max(best, w);
    }
    return { weight: best, covers: covers || [] };
  }

  // markWords returns text (NFC) from..to as HTML, with the words of ws first..last that
  // match in <mark>.
  function markWords(text, ws, marks, first, last, from, to) {
    var out = "", at = from;
    for (var i = first; i <= last; i++) {
      if (marks[i].weight === 0) continue;
      out += escapeHTML(text.slice(at, ws[i].start)) + "<mark>" + escapeHTML(text.slice(ws[i].start, ws[i].end)) + "</mark>";
      at = ws[i].end;
    }
    return out + escapeHTML(text.slice(at, to));
  }

  // highlight returns text as HTML with the words that match the query in <mark>.
  function highlight(text, tokens, prefix) {
    text = text.normalize("NFC");
    var ws = words(text);
    var marks = ws.map(function (w) { return matchWord(w, tokens, prefix); });
    return markWords(text, ws, marks, 0, ws.length - 1, 0, text.length);
  }

  // snippetWindow returns [first, last] word of the snippet: the passage of 27 words
  // that begins with a match and has the most different query words, then the most
  // weight, then comes first, with 3 words before it; the start of the text when
  // nothing matches.
  function snippetWindow(marks, nTokens) {
    var n = marks.length, bestAt = -1, bestWords = 0, bestWeight = 0;
    for (var m = 0; m < n; m++) {
      if (marks[m].weight === 0) continue;
      var seen = [], count = 0, weight = 0;
      for (var i = m; i < Math.min(n, m + SNIPPET_WORDS - SNIPPET_LEAD); i++) {
        weight += marks[i].weight;
        for (var j = 0; j < nTokens; j++) {
          if (marks[i].covers[j] && !seen[j]) { seen[j] = true; count++; }
        }
      }
      if (count > bestWords || (count === bestWords && weight > bestWeight)) {
        bestAt = m; bestWords = count; bestWeight = weight;
      }
    }
    var first = bestAt < 0 ? 0 : Math.max(0, Math.min(bestAt - SNIPPET_LEAD, n - SNIPPET_WORDS));
    return [first, Math.min(n - 1, first + SNIPPET_WORDS - 1)];
  }

  // snippet returns the best-matching passage of text, about 30 words, as HTML with the
  // matches in <mark> and "…" where text was left out: the same as SnippetHTML in Go.
  function snippet(text, tokens, prefix) {
    text = text.normalize("NFC");
    var ws = words(text);
    if (ws.length === 0) return "";
    var marks = ws.map(function (w) { return matchWord(w, tokens, prefix); });
    var win = snippetWindow(marks, tokens.length), first = win[0], last = win[1];
    var from = first === 0 ? 0 : ws[first].start, to = last === ws.length - 1 ? text.length : ws[last].end;
    var out = markWords(text, ws, marks, first, last, from, to).replace(/[ \t\n\v\f\r]+/g, " ").replace(/^ | $/g, "");
    return (first > 0 ? "… " : "") + out + (last < ws.length - 1 ? " …" : "");
  }

  // ---- The search box and the search page ----------------------------------------------
  //
  // Every page has a search form in its header; typing shows the first results under it.
  // search.html shows all results for ?q=, with filters. UI text comes with the index's
  // manifest, in the handbook's language, and the message for a failed search from the
  // data-error attribute of #hb-search-text, since then the manifest may be missing.

  var text = {};
  var LIVE_RESULTS = 6, PAGE_RESULTS = 10;

  function say(name, n) {
    var s = (manifest && manifest.text && manifest.text[name]) || text[name] || "";
    return n === undefined ? s : s.replace("%d", n);
  }

  // kindName is a kind of page as the handbook's language says it ("kindPolicy").
  function kindName(k) { return say("kind" + k.charAt(0).toUpperCase() + k.slice(1)) || k; }

  // resultMeta says where a result belongs and what it is: "Sundlaug Dalvíkur · Stefna",
  // or for a policy of the whole organisation that it applies at every workplace.
  function resultMeta(f) {
    if (!f.w && f.k === "policy" && say("orgPolicy")) return say("orgPolicy");
    return f.w ? f.w + " · " + kindName(f.k) : kindName(f.k);
  }

  // resultItem makes the <li> of one result from its page's fragment f.
  function resultItem(r, f, tokens, prefix) {
    var li = document.createElement("li");
    li.className = "search-result";
    li.setAttribute("data-doc", r.doc);
    li.innerHTML = '<a class="result-title" href="' + escapeHTML(root + f.u) + '">' +
      highlight(f.t, tokens, prefix) + "</a>" +
      '<p class="result-meta">' + escapeHTML(resultMeta(f)) + "</p>" +
      '<p class="result-snippet">' + snippet(f.x, tokens, prefix) + "</p>";
    return li;
  }

  // resultItems resolves to the <li> of each result of res, in order. It asks for the
  // results' fragments one a task, from the task after the ranking (adding a script to
  // the page holds the main thread a moment each time), and makes each item as its
  // fragment comes, so that no single task makes every snippet. A result found by the
  // correction of the query has its words marked.
  function resultItems(results, res, prefix) {
    var turn = Promise.resolve();
    return Promise.all(results.map(function (r) {
      turn = turn.then(nextTurn);
      var tokens = r.corrected ? res.correctedWords : res.words;
      return turn.then(function () { return fragment(r.doc); }).then(function (f) { return resultItem(r, f, tokens, prefix); });
    }));
  }

  // showSuggestion fills el with "Did you mean <a>…</a>?" for the correction of res, a
  // link to its search, or hides it when there is none.
  function showSuggestion(el, res) {
    if (!el) return;
    el.hidden = !res.suggestion;
    el.textContent = "";
    if (!res.suggestion) return;
    var parts = say("didYouMean").split("%s"), a = document.createElement("a");
    a.href = root + "search.html?q=" + encodeURIComponent(res.suggestion);
    a.textContent = res.suggestion;
    el.appendChild(document.createTextNode(parts[0]));
    el.appendChild(a);
    el.appendChild(document.createTextNode(parts.slice(1).join("%s")));
  }

  // nextTurn resolves in a new task, after the browser has had its turn.
  function nextTurn() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  // appendAll adds the items to list at once. An item is never added empty and filled
  // in later, which would move everything below it, and the list is laid out once.
  function appendAll(list, items) {
    var all = document.createDocumentFragment();
    items.forEach(function (li) { all.appendChild(li); });
    list.appendChild(all);
  }

  function setupLive(form) {
    var input = form.querySelector("input[name=q]");
    var panel = document.getElementById("hb-live");
    if (!input || !panel) return;
    var list = panel.querySelector("ul"), status = panel.querySelector(".live-status"), more = panel.querySelector("a.live-all");
    var suggestion = panel.querySelector(".live-suggestion");
    var seq = 0;

    function close() { panel.hidden = true; input.setAttribute("aria-expanded", "false"); }
    function links() { return Array.prototype.slice.call(panel.querySelectorAll("a")); }

    // Ask for the manifest when the box gets focus, so the first keystroke finds it there.
    input.addEventListener("focus", function () { file("index.js").catch(function () {}); });
    input.addEventListener("input", function () {
      var q = input.value, mine = ++seq;
      if (!q.trim()) { close(); return; }
      function stale() { return mine !== seq; }
      search(q, { prefix: true }).then(function (res) {
        if (stale()) return;
        return resultItems(res.results.slice(0, LIVE_RESULTS), res, true).then(function (items) {
          if (stale()) return;
          list.textContent = "";
          appendAll(list, items);
          showSuggestion(suggestion, res);
          status.textContent = res.results.length === 0 ? say("noResultsShort") :
            say(res.all ? "results" : "partial", res.results.length);
          more.href = root + "search.html?q=" + encodeURIComponent(q);
          more.hidden = res.results.length <= LIVE_RESULTS;
          panel.hidden = false;
          input.setAttribute("aria-expanded", "true");
        });
      }).catch(function () { if (!stale()) { status.textContent = say("error"); panel.hidden = false; } });
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && !panel.hidden) {
        var l = links();
        if (l.length) { l[0].focus(); e.preventDefault(); }
      } else if (e.key === "Escape") { close(); }
    });
    panel.addEventListener("keydown", function (e) {
      var l = links(), i = l.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i < l.length - 1) { l[i + 1].focus(); e.preventDefault(); }
      else if (e.key === "ArrowUp") { (i > 0 ? l[i - 1] : input).focus(); e.preventDefault(); }
      else if (e.key === "Escape") { close(); input.focus(); e.preventDefault(); }
    });
    document.addEventListener("click", function (e) {
      if (!panel.contains(e.target) && e.target !== input) close();
    });
  }

  function setupPage(page) {
    var form = page.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var workplace = form.querySelector("select[name=workplace]");
    var kind = form.querySelector("select[name=kind]");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var moreButton = document.getElementById("search-more");
    var empty = document.getElementById("search-empty");
    var suggestion = document.getElementById("search-suggestion");
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    var seq = 0;

    // The theme writes the workplaces' options into the page, so that the form is drawn
    // once as it stays; those it left out come from the manifest.
    file("index.js").then(function () {
      manifest.workplaces.forEach(function (w) {
        if (workplace.querySelector('option[value="' + CSS.escape(w[0]) + '"]')) return;
        var o = document.createElement("option");
        o.value = w[0];
        o.textContent = w[1];
        workplace.appendChild(o);
      });
      workplace.value = params.get("workplace") || "";
      kind.value = params.get("kind") || "";
      run(false);
    });

    function run(typing) {
      var q = input.value, mine = ++seq;
      var opts = { prefix: typing, workplace: workplace.value, kind: kind.value };
      var url = "?q=" + encodeURIComponent(q) + (opts.workplace ? "&workplace=" + encodeURIComponent(opts.workplace) : "") +
        (opts.kind ? "&kind=" + encodeURIComponent(opts.kind) : "");
      if (history.replaceState && location.protocol !== "file:") history.replaceState(null, "", url);
      if (!q.trim()) { list.textContent = ""; status.textContent = ""; empty.hidden = true; moreButton.hidden = true; showSuggestion(suggestion, {}); return; }
      function stale() { return mine !== seq; }
      search(q, opts).then(function (res) {
        if (stale()) return;
        var shown = 0;
        // next makes the items of the next PAGE_RESULTS results.
        function next() {
          var batch = res.results.slice(shown, shown + PAGE_RESULTS);
          shown += batch.length;
          return resultItems(batch, res, typing);
        }
        // The status, the results and the button for more change together, in one frame.
        return next().then(function (items) {
          if (stale()) return;
          list.textContent = "";
          appendAll(list, items);
          showSuggestion(suggestion, res);
          moreButton.hidden = shown >= res.results.length;
          empty.hidden = res.results.length > 0;
          status.textContent = res.results.length === 0 ? say("noResults").replace("%s", q) :
            say(res.all ? "results" : "partial", res.results.length);
          var busy = false;
          moreButton.onclick = function () {
            if (busy) return;
            busy = true;
            var first = list.children.length;
            next().then(function (more) {
              busy = false;
              if (stale()) return;
              appendAll(list, more);
              moreButton.hidden = shown >= res.results.length;
              var li = list.children[first];
              if (li) { li.setAttribute("tabindex", "-1"); li.focus(); }
            });
          };
        });
      }).catch(function () { if (!stale()) status.textContent = say("error"); });
    }
    var timer = 0;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(true); }, 60); });
    workplace.addEventListener("change", function () { run(false); });
    kind.addEventListener("change", function () { run(false); });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(false); });
  }

  if (typeof document !== "undefined") {
    var me = document.currentScript;
    root = (me && me.getAttribute("data-root")) || "";
    var start = function () {
      var t = document.getElementById("hb-search-text");
      if (t) for (var i = 0; i < t.attributes.length; i++) {
        var a = t.attributes[i];
        if (a.name.indexOf("data-") === 0) {
          text[a.name.slice(5).replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); })] = a.value;
        }
      }
      var form = document.querySelector("form.site-search");
      if (form) setupLive(form);
      var page = document.getElementById("search-page");
      if (page) setupPage(page);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  return {
    words: words,
    fold: fold,
    stem: stem,
    isStopWord: isStopWord,
    analyze: analyze,
    analyzeQuery: analyzeQuery,
    search: search,
    fragment: fragment,
    snippet: snippet,
    highlight: highlight,
    setLoader: function (fn) { loadScript = fn; },
    manifest: onManifest,
    shard: onShard,
    docs: onDocs,
    page: onFragment,
    vocabulary: onWords,
    editDistance: editDistance,
    correct: correct
  };
});
