package site

import (
	"bytes"
	"cmp"
	"errors"
	"io/fs"
	"path"
	"reflect"
	"strings"
)

// ConfigFile is the name of the project's configuration file.
const ConfigFile = "handbok.yaml"

// Config is handbok.yaml.
type Config struct {
	Title        string   `yaml:"title"`
	Organisation string   `yaml:"organisation"`
	Description  string   `yaml:"description"`
	Language     string   `yaml:"language"` // "is" or "en"; chooses the theme's UI text
	BaseURL      string   `yaml:"base_url"` // where the site is published, if anywhere
	Theme        string   `yaml:"theme"`
	Contact      *Contact `yaml:"contact"`
	// AcknowledgeWithin is how many days staff have to acknowledge a policy that does
	// not set its own: after they start, or after a new version, whichever is later.
	AcknowledgeWithin int `yaml:"acknowledge_within"`
	Markdown          struct {
		// RawHTML lets HTML written in Markdown through to the pages. Off by default:
		// anyone who can edit content could otherwise put scripts on every page.
		RawHTML bool `yaml:"raw_html"`
	} `yaml:"markdown"`
	FrontMatter struct {
		// UnknownKeys is "error" (the default) or "warn", for content migrated from
		// another generator whose front matter has keys handbok does not know.
		UnknownKeys string `yaml:"unknown_keys"`
	} `yaml:"front_matter"`
	// Accessibility is what the accessibility statement says; see Accessibility.
	Accessibility *Accessibility `yaml:"accessibility"`
	// Auth is single sign-on through a proxy, for handbok serve's records.
	Auth Auth `yaml:"auth"`
	// Onboarding is who counts as a new hire and how checklist days are counted.
	Onboarding Onboarding `yaml:"onboarding"`
	// Suggestions is how long a suggestion may wait for an answer.
	Suggestions Suggestions `yaml:"suggestions"`
	// Search is what the search is built with beyond the handbook's own text.
	Search Search `yaml:"search"`

	pos map[string]Pos
}

// Pos returns where a key of handbok.yaml ("markdown.raw_html") was written, or the file's
// own position when it was not.
func (c Config) Pos(key string) Pos {
	if p, ok := c.pos[key]; ok {
		return p
	}
	return Pos{Path: ConfigFile}
}

// LoadConfig reads the project's handbok.yaml alone, as loading the site does; dirName
// is the title of a handbook without one.
func LoadConfig(fsys fs.FS, dirName string) (Config, Diagnostics) { return loadConfig(fsys, dirName) }

// loadConfig reads handbok.yaml when there is one; a folder without it gets defaults, so
// that a plain folder of Markdown builds as it is.
func loadConfig(fsys fs.FS, dirName string) (Config, Diagnostics) {
	cfg := Config{Language: "is", Theme: "default", AcknowledgeWithin: DefaultAcknowledgeWithin,
		Onboarding:  Onboarding{NewHireDays: DefaultNewHireDays, DueDays: DueCalendarDays},
		Suggestions: Suggestions{StaleDays: DefaultStaleDays}}
	data, err := fs.ReadFile(fsys, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		cfg.Title = dirName
		return cfg, nil
	}
	if err != nil {
		return cfg, Diagnostics{{Pos: Pos{Path: ConfigFile}, Severity: Error, Message: err.Error()}}
	}
	d := &strictDecoder{path: ConfigFile, lines: &fileLines{data: data}, unknown: Error, pos: map[string]Pos{}}
	if n, ok := d.parse(data); ok && n != nil {
		d.decode(n, reflect.ValueOf(&cfg).Elem(), "")
	}
	cfg.pos = d.pos
	if cfg.Title == "" {
		cfg.Title = cmp.Or(cfg.Organisation, dirName)
	}
	if cfg.Language == "" {
		cfg.Language = "is"
	}
	if cfg.Theme == "" {
		cfg.Theme = "default"
	}
	switch cfg.FrontMatter.UnknownKeys {
	case "", "error", "warn":
	default:
		d.report(cfg.Pos("front_matter.unknown_keys"), Error,
			"front_matter.unknown_keys: %q is not a choice; use error or warn", cfg.FrontMatter.UnknownKeys)
	}
	cfg.checkAccessibility(d)
	cfg.checkAuth(d)
	cfg.checkOnboarding(d)
	cfg.checkSuggestions(d)
	if problem := withinProblem(cfg.AcknowledgeWithin); problem != "" {
		d.report(cfg.Pos("acknowledge_within"), Error, "%s (the default is %d)", problem, DefaultAcknowledgeWithin)
	}
	if cfg.Theme != path.Base(cfg.Theme) || strings.HasPrefix(cfg.Theme, ".") {
		d.report(cfg.Pos("theme"), Error, "theme: %q must be the name of a folder in themes/", cfg.Theme)
	}
	return cfg, d.diags
}

// fileLines are the lines of a file, to quote in diagnostics. The file is split only when
// a line is asked for, since most files have nothing to report.
type fileLines struct {
	data  []byte
	lines []string
	split bool
}

// line returns line n, counted from 1.
func (f *fileLines) line(n int) (string, bool) {
	if f == nil {
		return "", false
	}
	if !f.split {
		f.lines, f.split, f.data = splitLines(f.data), true, nil
	}
	if n < 1 || n > len(f.lines) {
		return "", false
	}
	return f.lines[n-1], true
}

// splitLines splits a file into lines at \n, \r\n or a lone \r, as YAML and Markdown do.
func splitLines(data []byte) []string {
	return strings.Split(lineBreaks.Replace(string(data)), "\n")
}

var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// normalizeNewlines turns \r\n and lone \r into \n, so that every later step counts lines
// alike.
func normalizeNewlines(data []byte) []byte {
	if !bytes.ContainsRune(data, '\r') {
		return data
	}
	return []byte(lineBreaks.Replace(string(data)))
}
