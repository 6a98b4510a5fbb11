// For TestQuerySet (search/queryset_test.go): runs the browser script's search on the
// static index in HANDBOK_STATIC_DIR for each query of the JSON list in the file named by
// the first argument, as after Enter (no prefix match), and prints the URLs of the first
// ten pages of each, as one JSON list of lists.
"use strict";
const fs = require("node:fs");
const HandbokSearch = require("./handbok-search.js");

const dir = process.env.HANDBOK_STATIC_DIR;
if (!dir || !process.argv[2]) {
  console.error("usage: HANDBOK_STATIC_DIR=DIR node queryset-results.js QUERIES.json");
  process.exit(2);
}
require("./static-dir.js")(HandbokSearch, dir);

async function run(queries) {
  const out = [];
  for (const q of queries) {
    const res = await HandbokSearch.search(q, { prefix: false });
    const top = await Promise.all(res.results.slice(0, 10).map((r) => HandbokSearch.fragment(r.doc)));
    out.push(top.map((f) => f.u));
  }
  return out;
}

run(JSON.parse(fs.readFileSync(process.argv[2], "utf8"))).then(
  (out) => process.stdout.write(JSON.stringify(out)),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
