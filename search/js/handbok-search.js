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

  var ENDINGS = {
    is: byLength(["unnar", "unnir", "unnum", "arins", "arnar", "urnar", "irnar", "anna", "inna", "unna",
      "inum", "unum", "anum", "inni", "unni", "sins", "ans", "ins", "inn", "ina", "inu",
      "una", "ana", "anir", "num", "id",
      "udum", "udu", "ast", "ist", "ust", "andi", "endur",
      "um", "ar", "ur", "ir", "an", "ra", "ri", "rar", "rir",
      "a", "i", "u", "s"]),
    en: byLength(["ing", "ed", "es", "ly", "s"])
  };
  var MIN_STEM = 3;

  function lang(l) { return l === "en" ? "en" : "is"; }

  function stem(f, l) {
    l = lang(l);
    if (f === "" || (f[0] >= "0" && f[0] <= "9")) return f;
    if (l === "en") {
      if (f.length > 4 && /ies$/.test(f)) return f.slice(0, -3) + "y";
      if (/(ss|us|is)$/.test(f)) return f;
    }
    var n = Array.from(f).length;
    var endings = ENDINGS[l];
    for (var i = 0; i < endings.length; i++) {
      var e = endings[i];
      if (f.length >= e.length && f.slice(f.length - e.length) === e && n - e.length >= MIN_STEM) {
        return f.slice(0, f.length - e.length);
      }
    }
    return f;
  }

  function isStopWord(f, l) { return STOP[lang(l)][f] === true; }

  function analyze(text, l) {
    var out = [];
    words(text).forEach(function (w) {
      w.fold = fold(w.exact);
      if (isStopWord(w.fold, l)) return;
      w.stem = stem(w.fold, l);
      out.push(w);
    });
    return out;
  }

  function analyzeQuery(text, l) {
    var tokens = analyze(text, l);
    if (tokens.length > 0) return tokens;
    return words(text).map(function (w) {
      w.fold = fold(w.exact);
      w.stem = stem(w.fold, l);
      return w;
    });
  }

  return {
    words: words,
    fold: fold,
    stem: stem,
    isStopWord: isStopWord,
    analyze: analyze,
    analyzeQuery: analyzeQuery
  };
});
