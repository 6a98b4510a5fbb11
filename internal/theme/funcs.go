package theme

import (
	"errors"
	"fmt"
	"html/template"
	"path"
	"reflect"
	"strings"
	"sync"
	"time"
)

// date is a calendar date as layouts get it: a time.Time, or a type that embeds one.
type date interface {
	Date() (year int, month time.Month, day int)
	IsZero() bool
}

// asDate is the date a layout passed to fn. The functions take any and assert, rather
// than take a date: text/template checks an argument against an interface parameter
// by reflection on every call, a twelfth of the time of a policy page's layout.
func asDate(fn string, v any) (date, error) {
	d, ok := v.(date)
	if !ok {
		return nil, fmt.Errorf("%s: %T is not a date", fn, v)
	}
	return d, nil
}

func (th *Theme) funcs() template.FuncMap {
	return template.FuncMap{
		"t": func(key string, args ...any) (string, error) {
			s, ok := th.text[key]
			if !ok {
				return "", fmt.Errorf("no UI text %q in the theme's i18n file", key)
			}
			if len(args) > 0 {
				return fmt.Sprintf(s, args...), nil
			}
			return s, nil
		},
		"asset": func(name string) (string, error) {
			a, ok := th.assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q in the theme", name)
			}
			return a.URL, nil
		},
		"date": func(v any) (string, error) {
			d, err := asDate("date", v)
			if err != nil || d.IsZero() {
				return "", err
			}
			y, m, day := d.Date()
			return fmt.Sprintf(th.text["date_format"], day, th.months[m-1], y), nil
		},
		// months is the month names, comma-separated, for a script that writes dates
		// (the browser's own names are missing for languages it has no data for).
		"months": func() string { return strings.Join(th.months, ",") },
		"isodate": func(v any) (string, error) {
			d, err := asDate("isodate", v)
			if err != nil || d.IsZero() {
				return "", err
			}
			y, m, day := d.Date()
			return fmt.Sprintf("%04d-%02d-%02d", y, m, day), nil
		},
		"partialCached": func(string, any, ...any) (template.HTML, error) {
			return "", errors.New("partialCached outside a layout")
		},
		"list": func(items ...any) []any { return items },
		// atMost is the first n items of a list: what every page repeats (the menu of
		// a workplace's pages) stays the same size however many pages a folder has.
		"atMost": func(n int, list any) (any, error) {
			v := reflect.ValueOf(list)
			if v.Kind() != reflect.Slice {
				return nil, fmt.Errorf("atMost: %T is not a list", list)
			}
			if v.Len() <= n {
				return list, nil
			}
			return v.Slice(0, n).Interface(), nil
		},
		"base": path.Base,
		"neg":  func(i int) int { return -i },
		"tel": func(phone string) template.URL {
			return template.URL("tel:" + strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' || r == '+' {
					return r
				}
				return -1
			}, phone))
		},
	}
}

// partialCache keeps what partialCached rendered, by partial and keys.
type partialCache struct {
	mu   sync.Mutex
	html map[partialKey]template.HTML
}

// partialKey names a partial, the layout that rendered it, and up to four keys; a key
// is any comparable value.
type partialKey struct {
	layout string
	name   string
	keys   [4]any
}

// partialCachedIn returns partialCached for a layout: it renders a partial once for
// each list of keys, and gives the same HTML to every page of that layout with those
// keys: for parts of a page, such as the header and footer, that are the same on many
// pages. The keys must name all that the partial shows and that differs between pages,
// such as .Root for its links. A partial the project changes in the built-in theme, or
// any partial of a layout it changes, is rendered for every page (see Theme.own).
func (th *Theme) partialCachedIn(layout string) func(string, any, ...any) (template.HTML, error) {
	return func(name string, data any, keys ...any) (template.HTML, error) {
		if th.own[name] || th.ownLayout[layout] {
			s, err := th.Partial(layout, name, data)
			return template.HTML(s), err
		}
		k := partialKey{layout: layout, name: name}
		if len(keys) > len(k.keys) {
			return "", fmt.Errorf("partialCached %q: at most %d keys, not %d", name, len(k.keys), len(keys))
		}
		for i, key := range keys {
			if key != nil && !reflect.ValueOf(key).Comparable() {
				return "", fmt.Errorf("partialCached %q: key %d is a %T, which cannot be compared; use a string, number or page", name, i+1, key)
			}
			k.keys[i] = key
		}
		c := &th.cached
		c.mu.Lock()
		html, ok := c.html[k]
		c.mu.Unlock()
		if ok {
			return html, nil
		}
		s, err := th.Partial(layout, name, data)
		if err != nil {
			return "", err
		}
		c.mu.Lock()
		c.html[k] = template.HTML(s)
		c.mu.Unlock()
		return template.HTML(s), nil
	}
}
