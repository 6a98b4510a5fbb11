package site

// Search is search: in handbok.yaml.
type Search struct {
	// Lexicon is BÍN, the Database of Icelandic Morphology, as an organisation downloads
	// it from the Árni Magnússon Institute (see package search/lexicon): a path relative
	// to the project folder, or absolute. With it the search also finds a page by the
	// forms of its words' lemmas that no rule stemmer brings together (maður, menn);
	// without it, the search is as it always was.
	Lexicon string `yaml:"lexicon"`
	// LexiconPath is where Lexicon is on disk, set by what opened the project from its
	// folder (build.Project) when the file is there; empty without a lexicon.
	LexiconPath string `yaml:"-"`
}
