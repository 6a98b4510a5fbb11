package site

import (
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
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent split off by NFD: drop it
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') || r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case foldings[r] != "":
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteString(foldings[r])
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return norm.NFC.String(b.String())
}
