package load

// Words are searches people make in the example handbook and in the generated one
// (internal/corpus): single words, two words, and words being typed.
var Words = []string{
	"þagnarskylda", "veikindi", "ábending", "sundlaug", "öryggi", "móttaka", "opnunartími",
	"starfsfólk", "kvörtun", "persónuvernd", "veikindi barna", "þjónusta", "hljóðfæri",
	"lyklar", "trúnaður", "sumarleyfi", "eldvarnir", "mötuneyti", "skólaakstur", "vakt",
}
