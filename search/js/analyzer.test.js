// Runs the browser script's analyzer on the shared vectors in ../testdata/analyzer.json,
// which the Go analyzer must pass too: node --test search/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const HandbokSearch = require("./handbok-search.js");

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "testdata", "analyzer.json"), "utf8"));

test("there are vectors", () => {
  assert.ok(vectors.length >= 20);
});

for (const v of vectors) {
  test(`${v.lang}${v.query ? " query" : ""}: ${JSON.stringify(v.text)}`, () => {
    const analyze = v.query ? HandbokSearch.analyzeQuery : HandbokSearch.analyze;
    const got = analyze(v.text, v.lang).map((t) => [t.exact, t.fold, t.stem]);
    assert.deepStrictEqual(got, v.tokens);
  });
}
