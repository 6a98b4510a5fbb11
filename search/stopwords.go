package search

import "strings"

// Stop words in folded form: words so common that they say nothing about a page.
var stopWords = map[Language]map[string]bool{
	Icelandic: wordSet(`a ad af alla allir allt an auk eda ef eftir eg ekki en er eru fra fyrir
		gegnum hafa hann hans hefur hennar henni hja hun hvad hver hvert hvort i inn med
		medal milli nema nu og oll ollum okkar okkur sem sig sin sina sinn sinu sitt sja
		skal skulu sem svo tha thad thaer thar thau thegar theim their theirra thess thessa
		thessi thessu thetta thi thu til um undir upp ur utan var vera verdur vid voru yfir`),
	English: wordSet(`a an and are as at be been but by for from has have he her his i if in
		into is it its of on or our she so that the their them there these they this to
		was we were which who will with you your`),
}

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// IsStopWord reports whether a folded word is a stop word of the language.
func IsStopWord(fold string, lang Language) bool {
	if lang != English {
		lang = Icelandic
	}
	return stopWords[lang][fold]
}
