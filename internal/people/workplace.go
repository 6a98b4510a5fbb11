package people

import (
	"fmt"
	"strings"
)

// MatchWorkplace returns the slug of the handbook's workplace that slug names, in any
// case; for one it does not name, the error says which it most likely meant.
func MatchWorkplace(slug string, workplaces []string) (string, error) {
	for _, w := range workplaces {
		if strings.EqualFold(w, slug) {
			return w, nil
		}
	}
	switch s := suggest(slug, workplaces); {
	case s != "":
		return "", fmt.Errorf("unknown workplace %q (did you mean %q?)", slug, s)
	case len(workplaces) == 0:
		return "", fmt.Errorf("unknown workplace %q: the handbook has no workplaces yet", slug)
	default:
		return "", fmt.Errorf("unknown workplace %q: use the slug of one of %s", slug, listOf(workplaces, 12))
	}
}
