package site

import (
	"fmt"
	"mime"
	"path"
	"strings"
)

// What a file that can run scripts is called in the warning about it.
const (
	anHTML  = "an HTML file"
	anXML   = "an XML file"
	aScript = "a JavaScript file"
)

// scriptExts are the extensions of files that a browser runs scripts from, or loads as
// scripts, whatever this machine's table of types says about them.
var scriptExts = map[string]string{
	".html": anHTML, ".htm": anHTML, ".shtml": anHTML, ".xhtml": anHTML, ".xht": anHTML,
	".xml": anXML, ".xsl": anXML, ".xslt": anXML,
	".js": aScript, ".mjs": aScript, ".cjs": aScript,
}

// scriptable names the kind of a file of content/ that can run scripts in the browser of
// whoever opens it on the handbook's site (anHTML, aScript…), "" for one that cannot. An
// SVG can, when opened by itself, but is kept: pictures are what handbooks are made of,
// an <img> never runs its scripts, and handbok serve sends SVG sandboxed.
func scriptable(p string) string {
	ext := strings.ToLower(path.Ext(p))
	if kind := scriptExts[ext]; kind != "" {
		return kind
	}
	media, _, _ := strings.Cut(mime.TypeByExtension(ext), ";")
	switch {
	case strings.Contains(media, "svg"):
		return ""
	case strings.Contains(media, "html"):
		return anHTML
	case strings.Contains(media, "xml"):
		return anXML
	case strings.Contains(media, "javascript"), strings.Contains(media, "ecmascript"):
		return aScript
	}
	return ""
}

// publishable returns the files of content/ that may be published as they are: without
// raw_html, a file that can run scripts is left out, with a warning saying what to do.
// Served from the handbook's own origin, such a file could do what the handbook's own
// script does, which raw_html: false promises content cannot.
func publishable(files []File, cfg Config) ([]File, Diagnostics) {
	if cfg.Markdown.RawHTML {
		return files, nil
	}
	var kept []File
	var diags Diagnostics
	for _, f := range files {
		kind := scriptable(f.Path)
		if kind == "" {
			kept = append(kept, f)
			continue
		}
		diags = append(diags, Diagnostic{Pos: Pos{Path: f.Path}, Severity: Warning, Message: fmt.Sprintf(
			"%s could run scripts in readers' browsers as if it were the handbook, so it is not published; "+
				"make it a Markdown page, put it in a .zip to be downloaded, or allow such files with markdown: {raw_html: true} in handbok.yaml", kind)})
	}
	return kept, diags
}
