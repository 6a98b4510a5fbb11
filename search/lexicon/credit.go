package lexicon

// Credit is the credit line the license asks for, in the handbook's language ("is" or
// "en"): the Árni Magnússon Institute asks that BÍN be cited by this line wherever
// something built with it is shown.
func Credit(lang string) string {
	if lang == "en" {
		return "Database of Icelandic Morphology (Beygingarlýsing íslensks nútímamáls, BÍN). The Árni Magnússon Institute for Icelandic Studies. Author and editor: Kristín Bjarnadóttir. CC BY-SA 4.0."
	}
	return "Beygingarlýsing íslensks nútímamáls. Stofnun Árna Magnússonar í íslenskum fræðum. Höfundur og ritstjóri Kristín Bjarnadóttir. CC BY-SA 4.0."
}
