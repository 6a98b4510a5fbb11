package search

import (
	"cmp"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// The forms the static index takes as script text: page fragments, JSON strings written
// by hand (see appendJSON), base-32 varints, and JavaScript's string order, in which the
// keys are sorted so that the script finds a key's shard by binary search.

// fragmentPath is where the fragment of page n is, under the index's folder: a hundred
// pages a folder, since a folder of tens of thousands of files is slow to fill.
func fragmentPath(n int) string {
	return "f/" + strconv.Itoa(n/100) + "/" + strconv.Itoa(n) + ".js"
}

// fragmentBufs keep the buffers fragments are written in: Output does not keep them.
var fragmentBufs = sync.Pool{New: func() any { return new([]byte) }}

// appendFragment appends the script of page n that the browser loads to show it as a
// result: its title, URL, workplace, kind and the start of its text (headings included,
// see Document.SnippetText), for snippets.
func appendFragment(b []byte, n int, d *Document, limit int) []byte {
	b = strconv.AppendInt(append(b, "HandbokSearch.page("...), int64(n), 10)
	for i, f := range [...]struct {
		key, value string
		limit      int
	}{
		{"k", d.Kind, -1}, {"t", d.Title, -1}, {"u", d.URL, -1},
		{"w", d.WorkplaceTitle, -1}, {"x", d.SnippetText(), limit},
	} {
		if i == 0 {
			b = append(b, ",{"...)
		} else {
			b = append(b, ',')
		}
		b = append(appendJSON(b, f.key, -1), ':')
		b = appendJSON(b, f.value, f.limit)
	}
	return append(b, "})\n"...)
}

// appendJSON appends s as a JSON string, escaped as encoding/json escapes it: with <,
// > and & as \u escapes too, and invalid UTF-8 as U+FFFD. With a limit of 0 or more,
// only the first limit runes of s are written (an invalid byte counts as one): one pass
// over a page's text both cuts and escapes it.
func appendJSON(b []byte, s string, limit int) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	i := 0
	for runes := 0; i < len(s) && runes != limit; runes++ {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:i]...), '"')
}

const (
	digitsLast = "0123456789abcdefghijklmnopqrstuv"
	digitsMore = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
)

// appendVarint appends n in base 32, most significant digit first: every digit but the
// last from digitsMore, the last from digitsLast.
func appendVarint(dst []byte, n int) []byte {
	if n < 32 {
		return append(dst, digitsLast[n])
	}
	var buf [13]byte
	i := len(buf) - 1
	buf[i] = digitsLast[n&31]
	for n >>= 5; n > 0; n >>= 5 {
		i--
		buf[i] = digitsMore[n&31]
	}
	return append(dst, buf[i:]...)
}

// shortestAbove returns the shortest start of key that sorts after prev (key itself sorts
// after prev): as a shard boundary it splits the keys just as key does, in fewer bytes.
func shortestAbove(key, prev string) string {
	for i := range key {
		if i > 0 && compareJS(key[:i], prev) > 0 {
			return key[:i]
		}
	}
	return key
}

// compareJS orders strings as JavaScript's < does: by UTF-16 code units. That is the
// order of code points except that letters above U+FFFF (two units, the first from
// U+D800) sort before U+E000–U+FFFF.
func compareJS(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return cmp.Compare(utf16Unit(ra), utf16Unit(rb))
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// utf16Unit is the first UTF-16 unit of r, with r itself added below, so that runes
// with the same first unit still compare in order.
func utf16Unit(r rune) int64 {
	if r >= 0x10000 {
		hi, _ := utf16.EncodeRune(r)
		return int64(hi)<<21 | int64(r)
	}
	return int64(r) << 21
}
