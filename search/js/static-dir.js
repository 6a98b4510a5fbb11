// For the node tests: makes HandbokSearch read the static index from the folder dir, whose
// files are classic scripts that call HandbokSearch, run as such.
"use strict";
const fs = require("fs");
const path = require("path");

module.exports = function useStaticDir(HandbokSearch, dir) {
  global.HandbokSearch = HandbokSearch;
  HandbokSearch.setLoader((name, fail) => {
    setImmediate(() => {
      try {
        new Function(fs.readFileSync(path.join(dir, name), "utf8"))();
      } catch (e) {
        fail(e);
      }
    });
  });
};
