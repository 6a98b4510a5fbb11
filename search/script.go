package search

import _ "embed"

// ScriptName is the browser script's file name among a theme's assets.
const ScriptName = "handbok-search.js"

// Script is the browser script: the analyzer, the static index reader and the search box.
//
//go:embed js/handbok-search.js
var Script []byte
