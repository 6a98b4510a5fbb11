package site

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/handbok/handbok/internal/parallel"
)

// source is a page being loaded, with what its checks need to point at the file.
type source struct {
	page  *Page
	pos   map[string]Pos // front matter keys → positions of their values
	keys  map[string]Pos // front matter keys → positions of the keys
	lines *fileLines
	front []byte // the front matter with its fences, as read
	// workplace front matter, kept until the workplace is made
	slug, address string
	contact       Contact
	diags         Diagnostics
	// uncertain is set when the front matter could not be read or names an unknown kind:
	// what the page is meant to be is unknown, so checks that depend on it are skipped
	// rather than adding errors that follow from the one already reported.
	uncertain bool
	// meant is the kind that front matter which is not valid YAML seems to name, "" when
	// it names none or the front matter was read (see recoverFrontMatter).
	meant Kind
	// idUnknown is set when the page's id may be written where its file could not be
	// read, so that the id it was given (from its path) may not be the one meant.
	idUnknown bool
	draft     bool   // draft: true; left out of the site
	forAll    bool   // an index page with scope: all
	fmID      string // the id written in front matter, "" when it is derived
}

func (s *source) report(key string, sev Severity, format string, args ...any) {
	s.reportAt(s.pos, key, sev, format, args...)
}

// reportKey reports a problem with a key itself rather than its value.
func (s *source) reportKey(key string, sev Severity, format string, args ...any) {
	s.reportAt(s.keys, key, sev, format, args...)
}

// posOf returns where the value of a front matter key was written, or the top of the file.
func (s *source) posOf(key string) Pos {
	if p, ok := s.pos[key]; ok {
		return p
	}
	return Pos{Path: s.page.Path, Line: 1, Col: 1}
}

func (s *source) reportAt(positions map[string]Pos, key string, sev Severity, format string, args ...any) {
	p, ok := positions[key]
	if !ok {
		p = Pos{Path: s.page.Path, Line: 1, Col: 1}
	}
	d := Diagnostic{Pos: p, Severity: sev, Message: fmt.Sprintf(format, args...)}
	d.Source, _ = s.lines.line(p.Line)
	s.diags = append(s.diags, d)
}

// readPages reads and decodes the Markdown files on all cores.
func readPages(fsys fs.FS, paths []string, cfg Config, bodies bool) []*source {
	out := make([]*source, len(paths))
	parallel.Do(context.Background(), len(paths), func(i int) error {
		out[i] = readPage(fsys, paths[i], cfg, bodies)
		return nil
	})
	return out
}

// readPage reads and decodes one Markdown file; without bodies, the page does not keep
// its Markdown (see Page.ReadBody).
func readPage(fsys fs.FS, p string, cfg Config, bodies bool) *source {
	src := &source{page: &Page{Path: p}, pos: map[string]Pos{}, keys: map[string]Pos{}}
	fm, body, bodyLine, ok := src.decode(fsys, cfg)
	if !ok {
		return src
	}
	if fm.Draft {
		src.draft = true
		return src
	}
	pg := src.page
	pg.Body, pg.BodyLine = body, bodyLine
	pg.Title, pg.ID, pg.Description = strings.TrimSpace(fm.Title), fm.ID, fm.Description
	src.fmID = fm.ID
	pg.Tags, pg.Weight, pg.Example = fm.Tags, fm.Weight, fm.Example
	src.setKind(fm.Kind)
	src.checkKindFields()
	src.setTitle(body, cfg)
	src.readKind(&fm, body)
	src.readScope(fm.Scope)
	pg.slugURL = slugPath(contentRel(p), ".html")
	pg.sortKey = sortKeyOf(pg.Title)
	pg.keyPos = keptPositions(src.pos, len(fm.Items))
	if !bodies {
		pg.Body = nil
	}
	return src
}

// decode reads the page's file and decodes its front matter strictly. ok is false when
// there is nothing more to read of the page: the file could not be read, or its front
// matter is never closed; that has been reported. A file that is not UTF-8 is read as
// pageText makes it, with a warning.
func (s *source) decode(fsys fs.FS, cfg Config) (fm frontMatter, body []byte, bodyLine int, ok bool) {
	p := s.page.Path
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		s.report("", Error, "%v", err)
		return fm, nil, 0, false
	}
	if !utf8.Valid(data) {
		at := invalidUTF8(data)
		lineStart := bytes.LastIndexByte(data[:at], '\n') + 1
		s.diags = append(s.diags, Diagnostic{Pos: Pos{Path: p, Line: 1 + bytes.Count(data[:at], []byte("\n")),
			Col: 1 + utf8.RuneCount(data[lineStart:at])}, Severity: Warning,
			Message: "the file is not UTF-8 text (it may be saved as Windows-1252 or Latin-1): the page shows � for each letter that is not, until the file is saved as UTF-8"})
	}
	data = pageText(data)
	s.lines = &fileLines{data: data}
	s.page.fileHash = hashFile(data)
	yamlText, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		s.report("", Error, "front matter starts with --- on line 1 but has no closing --- line; add one after the last key")
		s.unreadable(cfg)
		return fm, nil, 0, false
	}
	// What loading reports is about the front matter: the lines to quote are there.
	// A copy, so that the rest of the file can go.
	s.front = bytes.Clone(data[:len(data)-len(body)])
	s.lines = &fileLines{data: s.front}
	s.page.bodyStart = len(data) - len(body)
	if yamlText != nil {
		unknown := Error
		if cfg.FrontMatter.UnknownKeys == "warn" {
			unknown = Warning
		}
		d := &strictDecoder{path: p, lineOffset: 1, lines: s.lines, unknown: unknown, pos: s.pos, keys: s.keys}
		if !decodeFrontMatter(d, yamlText, &fm) {
			s.uncertain = true
			fm = recoverFrontMatter(yamlText)
			s.meant = Kind(fm.Kind)
			s.idUnknown = fm.ID == "" && idLine.Match(yamlText)
			if s.meant != KindWorkplace {
				fm.Kind = "" // a plain page: what the rest of its front matter says is unknown
			}
		}
		s.diags = append(s.diags, d.diags...)
	}
	return fm, body, bodyLine, true
}

// setTitle gives a page without title: the text of its first heading, so that a folder
// of Markdown without front matter builds as it is; a plain page without a heading
// either is named by its file, while any other kind must say what it is called.
func (s *source) setTitle(body []byte, cfg Config) {
	pg := s.page
	if pg.Title == "" {
		pg.Title = firstHeading(body)
		pg.TitleFromHeading = pg.Title != ""
	}
	if pg.Title == "" {
		if pg.Kind == KindPage || s.uncertain {
			pg.Title = fallbackTitle(pg.Path, cfg)
		} else {
			s.report("", Error, "this %s has no title: add title: to the front matter", pg.Kind)
		}
	}
}

// unreadable keeps a page whose file could not be read as a plain page without text, so
// that links to it do not add errors to the one reported.
func (s *source) unreadable(cfg Config) {
	s.uncertain = true
	s.page.Kind, s.page.Title = KindPage, fallbackTitle(s.page.Path, cfg)
	s.page.Body, s.page.unread = []byte{}, true
	s.idUnknown = true
}

// idLine matches a line that may set a page's id, however badly indented or spaced.
var idLine = regexp.MustCompile(`(?m)^[ \t-]*id[ \t]*:`)

// fallbackTitle names a page that has no title and no heading: by its file name, and an
// index page by its folder, or the handbook itself at the top.
func fallbackTitle(p string, cfg Config) string {
	if isIndexFile(p) {
		if dir := relDir(p); dir != "" {
			return upperFirst(path.Base(dir))
		}
		return cfg.Title
	}
	return strings.TrimSuffix(path.Base(p), path.Ext(p))
}

// pageText is the text of a page's file as the handbook reads it: its line breaks made
// \n, and each run of bytes that is not UTF-8 made one U+FFFD, so that a file saved in
// another encoding still builds (with a warning) and no byte of it reaches a page,
// the search index or the manifest as anything but text.
func pageText(data []byte) []byte {
	data = normalizeNewlines(data)
	if !utf8.Valid(data) {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return data
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}
