package server

import (
	"net/http"
	"strings"
	"time"
)

// notModified reports whether a GET or HEAD request's validators say that the browser's
// copy of the representation with etag, last changed at modified, is still good
// (RFC 9110, 13.2.2): If-None-Match when the request has it, else If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if fields := r.Header.Values("If-None-Match"); len(fields) > 0 {
		return noneMatch(fields, etag)
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	if err != nil || modified.IsZero() || modified.Unix() <= 0 {
		return false
	}
	return !modified.Truncate(time.Second).After(since)
}

// noneMatch reports whether the If-None-Match fields name etag, by the weak comparison
// (a W/ prefix does not count), or are "*".
func noneMatch(fields []string, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, field := range fields {
		rest := strings.TrimSpace(field)
		if rest == "*" {
			return true
		}
		for rest != "" {
			tag, after, ok := nextETag(rest)
			if !ok {
				break
			}
			if strings.TrimPrefix(tag, "W/") == want {
				return true
			}
			rest = after
		}
	}
	return false
}

// nextETag reads the entity tag at the start of a list (`W/"x", "y"`), and returns it
// and the rest of the list after its comma. ok is false when the list does not start
// with one.
func nextETag(list string) (tag, rest string, ok bool) {
	s := strings.TrimLeft(list, " \t,")
	weak := strings.HasPrefix(s, "W/")
	if weak {
		s = s[2:]
	}
	if !strings.HasPrefix(s, `"`) {
		return "", "", false
	}
	end := strings.IndexByte(s[1:], '"')
	if end < 0 {
		return "", "", false
	}
	tag = s[:end+2]
	if weak {
		tag = "W/" + tag
	}
	return tag, strings.TrimLeft(s[end+2:], " \t,"), true
}
