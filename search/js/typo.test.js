// Runs the browser script's typo correction on the shared vectors in
// ../testdata/typo.json, which search/typo_test.go runs the Go side on: the same edit
// distances and the same corrections chosen.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const HandbokSearch = require("./handbok-search.js");

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "testdata", "typo.json"), "utf8"));

test("there are vectors", () => {
  assert.ok(vectors.distance.length >= 10 && vectors.correct.length >= 20);
});

for (const [a, b, limit, want] of vectors.distance) {
  test(`editDistance(${a}, ${b}, ${limit})`, () => {
    assert.strictEqual(HandbokSearch.editDistance(a, b, limit), want);
    assert.strictEqual(HandbokSearch.editDistance(b, a, limit), want);
  });
}

for (const c of vectors.correct) {
  test(`correct: ${c.why}`, () => {
    const tokens = HandbokSearch.analyzeQuery(c.word, c.lang);
    assert.strictEqual(tokens.length, 1);
    const cands = Object.keys(c.vocab).map((w) => ({ fold: HandbokSearch.fold(w), pages: c.vocab[w], word: w }));
    const got = HandbokSearch.correct(tokens[0].fold, c.pages, c.lang, cands);
    assert.strictEqual(got ? got.word : "", c.want);
  });
}

// With a static index of the pages of ../testdata/ranking.json (HANDBOK_STATIC_DIR,
// written by the Go test TestTypoStatic), the searches with typos that the bleve index
// passes too.
const dir = process.env.HANDBOK_STATIC_DIR;
if (dir) {
  const rc = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "testdata", "ranking.json"), "utf8"));
  require("./static-dir.js")(HandbokSearch, dir);
  for (const c of vectors.queries) {
    test(`search: ${c.q}`, async () => {
      const res = await HandbokSearch.search(c.q, {});
      assert.strictEqual(res.suggestion || "", c.suggestion);
      let first = "";
      if (res.results.length > 0) {
        const f = await HandbokSearch.fragment(res.results[0].doc);
        first = rc.docs.find((d) => d.URL === f.u).ID;
      }
      assert.strictEqual(first, c.first);
      for (let i = 1; i < res.results.length; i++) {
        assert.ok(!(res.results[i - 1].corrected && !res.results[i].corrected), "a page found as typed ranks below one found by the correction");
      }
    });
  }
}
