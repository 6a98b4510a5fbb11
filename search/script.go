package search

import _ "embed"

// ScriptName is the browser script's file name among a theme's assets.
const ScriptName = "handbok-search.js"

// Script is the browser script: the analyzer, the static index reader and the search box.
//
//go:embed js/handbok-search.js
var Script []byte

// ThemeAssets returns the files that handbok adds to every theme's assets/, by name:
// the search script. Whatever draws pages with a theme (the renderer, the server) adds
// them, so that the theme's links to them are the same everywhere.
func ThemeAssets() map[string][]byte { return map[string][]byte{ScriptName: Script} }
