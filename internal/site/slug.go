package site

import (
	"path"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldings are the letters that Unicode decomposition leaves alone but a reader of
// Icelandic (or a URL) expects as ASCII.
var foldings = map[rune]string{
	'ð': "d", 'þ': "th", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ß': "ss", 'ł': "l", 'đ': "d",
}

// Slugify turns text into a stable, readable identifier for URLs and heading ids: lower
// case, Icelandic letters folded (ð→d, þ→th, æ→ae, á→a, ö→o…), anything that is not a
// letter or digit becomes a single "-". Letters of other scripts are kept. The result is
// empty only when s has no letters or digits.
func Slugify(s string) string {
	if slug, ok := latinSlug(s); ok {
		return slug
	}
	return slowSlugify(s)
}

// latinSlug is Slugify for text of the Latin letters of slugRunes, by table, without
// the normalizations and allocations of the general case: headings are slugged for
// every page of every build. ok is false for text with other runes.
func latinSlug(s string) (slug string, ok bool) {
	b := make([]byte, 0, len(s)+8)
	dash := false
	for _, r := range s {
		if r >= slugRunesEnd {
			return "", false
		}
		switch a := slugRunes[r]; {
		case a.slow:
			return "", false
		case a.text != "":
			if dash && len(b) > 0 {
				b = append(b, '-')
			}
			dash = false
			b = append(b, a.text...)
		case a.dash:
			dash = true
		}
	}
	return string(b), true
}

// slugRunesEnd ends the runes of slugRunes: ASCII, Latin-1 and Latin Extended-A and -B.
const slugRunesEnd = 0x250

// slugRunes says what slowSlugify makes of each rune below slugRunesEnd on its own: the
// text it writes, or a dash, or nothing; slow marks a rune whose decomposition gives
// both, which is left to slowSlugify.
var slugRunes = func() (t [slugRunesEnd]struct {
	text       string
	dash, slow bool
}) {
	for r := range rune(slugRunesEnd) {
		a := &t[r]
		for _, d := range norm.NFD.String(string(unicode.ToLower(r))) {
			switch out := slugRune(d); {
			case out == "" && !unicode.Is(unicode.Mn, d):
				a.dash = true
			case out != "":
				a.text += out
			}
		}
		a.slow = a.dash && a.text != ""
	}
	return t
}()

// slugRune is what slowSlugify writes for a rune of the decomposed text: "" for a
// separator or a combining accent.
func slugRune(r rune) string {
	switch {
	case unicode.Is(unicode.Mn, r):
		return ""
	case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') || r == '_':
		return string(r)
	case foldings[r] != "":
		return foldings[r]
	case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		return string(r)
	}
	return ""
}

// slowSlugify is Slugify for any text.
func slowSlugify(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if out := slugRune(r); out != "" {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteString(out)
		} else if !unicode.Is(unicode.Mn, r) {
			dash = true // a combining accent split off by NFD is dropped
		}
	}
	return norm.NFC.String(b.String())
}

// slugDir turns a folder relative to content/ into its output folder, slugifying each
// part whole: a dot in a folder's name is no extension.
func slugDir(dir string) string {
	parts := strings.Split(dir, "/")
	for i, p := range parts {
		if parts[i] = Slugify(p); parts[i] == "" {
			parts[i] = "_"
		}
	}
	return strings.Join(parts, "/")
}

// slugPath turns a file's path relative to content/ into its output path: the folders as
// slugDir does, the file's name slugified; ext replaces its extension ("" keeps it).
func slugPath(rel, ext string) string {
	dir, file := path.Split(rel)
	e := path.Ext(file)
	name := Slugify(strings.TrimSuffix(file, e))
	if name == "" {
		name = "_"
	}
	if ext == "" {
		ext = strings.ToLower(e)
	}
	if dir == "" {
		return name + ext
	}
	return slugDir(strings.TrimSuffix(dir, "/")) + "/" + name + ext
}
