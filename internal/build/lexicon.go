package build

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search/lexicon"
)

// resolveLexicon finds on disk the lexicon that handbok.yaml names (search.lexicon),
// relative to the project folder unless absolute, and sets s.Config.Search.LexiconPath
// to it when it is there; when it is not, it is an error at search.lexicon's line in
// handbok.yaml that says what to do.
func (p *Project) resolveLexicon(s *site.Site) site.Diagnostics {
	name := s.Config.Search.Lexicon
	s.Config.Search.LexiconPath = ""
	if name == "" {
		return nil
	}
	path := p.lexiconFile(name)
	fi, err := os.Stat(path)
	var problem string
	switch {
	case err == nil && fi.IsDir():
		problem = fmt.Sprintf("search.lexicon: %s is a folder; name the file downloaded from %s (SHsnid.csv.zip, or SHsnid.csv unzipped)", name, lexicon.DownloadURL)
	case os.IsNotExist(err):
		problem = fmt.Sprintf("search.lexicon: there is no file %s; download SHsnid.csv.zip (BÍN's Sigrúnarsnið) from %s and save it there, or remove search.lexicon to search without it", path, lexicon.DownloadURL)
	case err != nil:
		problem = fmt.Sprintf("search.lexicon: %s cannot be read (%v); let the user who builds the handbook read it, or remove search.lexicon", path, err)
	default:
		s.Config.Search.LexiconPath = path
		return nil
	}
	return site.Diagnostics{{Pos: s.Config.Pos("search.lexicon"), Severity: site.Error, Message: problem}}
}

// lexiconFile is where search.lexicon's name is on disk: relative to the project folder
// unless absolute.
func (p *Project) lexiconFile(name string) string {
	path := filepath.FromSlash(name)
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.Dir, path)
	}
	return path
}

// lexiconID names the version of the lexicon file at path: its path, size and time of
// change; "" without one.
func lexiconID(path string) string {
	if path == "" {
		return ""
	}
	fi, err := os.Stat(path)
	if err != nil {
		return path
	}
	return fmt.Sprintf("%s %d %d", path, fi.Size(), fi.ModTime().UnixNano())
}

// checkLexicon reads the first lines of the lexicon, as `handbok check` does, so that a
// wrong file is found before a build reads all of it.
func checkLexicon(s *site.Site) site.Diagnostics {
	path := s.Config.Search.LexiconPath
	if path == "" {
		return nil
	}
	if err := lexicon.Check(path); err != nil {
		return site.Diagnostics{{Pos: s.Config.Pos("search.lexicon"), Severity: site.Error, Message: "search.lexicon: " + err.Error()}}
	}
	return nil
}
