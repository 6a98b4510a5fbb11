package people

import "strings"

// suggest returns the candidate nearest to word, or "" when none is near enough to be a
// likely slip: the "did you mean" of a problem. Both are compared folded, so that
// "Sundlaug Dalvíkur" finds "sundlaug-dalvikur".
func suggest(word string, candidates []string) string {
	w := fold(word)
	best, bestDist := "", -1
	for _, c := range candidates {
		if d := editDistance(w, fold(c)); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || bestDist > max(2, len([]rune(w))/3) {
		return ""
	}
	return best
}

// foldings are how Icelandic letters and word separators are written in slugs.
var foldings = strings.NewReplacer(
	"á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ý", "y", "ö", "o",
	"ð", "d", "þ", "th", "æ", "ae", " ", "-", "_", "-",
)

// fold writes s as a slug would be: lower case, without accents, words joined by "-".
func fold(s string) string {
	return foldings.Replace(strings.ToLower(strings.TrimSpace(s)))
}

// editDistance is the Levenshtein distance between a and b, counting runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
