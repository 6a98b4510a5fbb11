// Runs the browser script's search on a static index written by the Go test
// TestRankingStatic (HANDBOK_STATIC_DIR), against the cases of ../testdata/ranking.json:
// the first page and its snippet.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const HandbokSearch = require("./handbok-search.js");

const dir = process.env.HANDBOK_STATIC_DIR;
const rc = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "testdata", "ranking.json"), "utf8"));

if (!dir) {
  test("ranking needs HANDBOK_STATIC_DIR (run by go test ./search)", { skip: true }, () => {});
} else {
  require("./static-dir.js")(HandbokSearch, dir);
  for (const c of rc.cases) {
    test(`${c.q}${c.prefix ? " (prefix)" : ""}${c.workplace ? " in " + c.workplace : ""}`, async () => {
      const res = await HandbokSearch.search(c.q, { prefix: !!c.prefix, workplace: c.workplace || "" });
      assert.ok(res.results.length > 0, "no results");
      const first = await HandbokSearch.fragment(res.results[0].doc);
      assert.strictEqual(first.u, rc.docs.find((d) => d.ID === c.first).URL);
      assert.strictEqual(res.all, !c.partial);
      // The snippet of the first page, made from its text (headings included) as
      // resultItem makes it.
      assert.notStrictEqual(c.snippet, undefined, "the case has no snippet");
      assert.strictEqual(HandbokSearch.snippet(first.x, res.words, !!c.prefix), c.snippet);
      const found = await Promise.all(res.results.map((r) => HandbokSearch.fragment(r.doc)));
      const urls = found.map((f) => f.u);
      const url = (id) => rc.docs.find((d) => d.ID === id).URL;
      if (c.workplace) {
        const title = rc.docs.find((d) => d.Workplace === c.workplace).WorkplaceTitle;
        for (const f of found) {
          assert.ok(f.w === title || (!f.w && f.k === "policy"), `${f.u} is a ${f.k} of ${f.w}, neither of ${c.workplace} nor a policy of every workplace`);
        }
      }
      for (const id of c.also || []) assert.ok(urls.includes(url(id)), `${id} is not among ${urls}`);
      for (const id of c.not || []) assert.ok(!urls.includes(url(id)), `${id} is among ${urls}`);
    });
  }
}
