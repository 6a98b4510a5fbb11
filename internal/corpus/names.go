package corpus

// The organisation of the generated handbook is invented; the places are real Icelandic
// towns, given as nominative and genitive.
const (
	orgName    = "Hvítárbyggð"
	orgGenitiv = "Hvítárbyggðar"
)

type place struct{ nom, gen string }

var places = []place{
	{"Dalvík", "Dalvíkur"}, {"Ólafsfjörður", "Ólafsfjarðar"}, {"Siglufjörður", "Siglufjarðar"},
	{"Hrísey", "Hríseyjar"}, {"Grímsey", "Grímseyjar"}, {"Húsavík", "Húsavíkur"},
	{"Akureyri", "Akureyrar"}, {"Ísafjörður", "Ísafjarðar"}, {"Egilsstaðir", "Egilsstaða"},
	{"Seyðisfjörður", "Seyðisfjarðar"}, {"Þórshöfn", "Þórshafnar"}, {"Vopnafjörður", "Vopnafjarðar"},
	{"Blönduós", "Blönduóss"}, {"Sauðárkrókur", "Sauðárkróks"}, {"Hólmavík", "Hólmavíkur"},
	{"Borgarnes", "Borgarness"}, {"Selfoss", "Selfoss"}, {"Hveragerði", "Hveragerðis"},
	{"Þorlákshöfn", "Þorlákshafnar"}, {"Vík", "Víkur"}, {"Höfn", "Hafnar"},
	{"Eskifjörður", "Eskifjarðar"}, {"Reyðarfjörður", "Reyðarfjarðar"}, {"Neskaupstaður", "Neskaupstaðar"},
	{"Fáskrúðsfjörður", "Fáskrúðsfjarðar"}, {"Djúpivogur", "Djúpavogs"}, {"Stykkishólmur", "Stykkishólms"},
	{"Grundarfjörður", "Grundarfjarðar"}, {"Ólafsvík", "Ólafsvíkur"}, {"Búðardalur", "Búðardals"},
	{"Patreksfjörður", "Patreksfjarðar"}, {"Bolungarvík", "Bolungarvíkur"}, {"Flateyri", "Flateyrar"},
	{"Hvammstangi", "Hvammstanga"}, {"Skagaströnd", "Skagastrandar"}, {"Raufarhöfn", "Raufarhafnar"},
	{"Kópasker", "Kópaskers"}, {"Laugarvatn", "Laugarvatns"}, {"Flúðir", "Flúða"},
	{"Hella", "Hellu"}, {"Hvolsvöllur", "Hvolsvallar"}, {"Grindavík", "Grindavíkur"},
	{"Sandgerði", "Sandgerðis"}, {"Vogar", "Voga"}, {"Mosfellsbær", "Mosfellsbæjar"},
	{"Akranes", "Akraness"}, {"Reykholt", "Reykholts"}, {"Árskógssandur", "Árskógssands"},
	{"Ásbyrgi", "Ásbyrgis"}, {"Bakkafjörður", "Bakkafjarðar"}, {"Súðavík", "Súðavíkur"},
	{"Þingeyri", "Þingeyrar"}, {"Bíldudalur", "Bíldudals"}, {"Tálknafjörður", "Tálknafjarðar"},
	{"Varmahlíð", "Varmahlíðar"}, {"Hofsós", "Hofsóss"}, {"Mývatnssveit", "Mývatnssveitar"},
	{"Breiðdalsvík", "Breiðdalsvíkur"}, {"Stöðvarfjörður", "Stöðvarfjarðar"},
	{"Kirkjubæjarklaustur", "Kirkjubæjarklausturs"},
}

// workplaceKinds are the first word of a workplace's name ("Sundlaug Dalvíkur") and a
// sentence about what it is, for its description.
var workplaceKinds = []struct{ name, about string }{
	{"Sundlaug", "Útisundlaug með heitum pottum og vaðlaug, opin íbúum og ferðafólki allt árið."},
	{"Bókasafn", "Almenningsbókasafn með útlánum, lesaðstöðu og sögustundum fyrir börn."},
	{"Grunnskóli", "Grunnskóli fyrir börn í 1. til 10. bekk með frístund eftir skóla."},
	{"Leikskóli", "Leikskóli fyrir börn frá eins árs aldri að skólaaldri."},
	{"Íþróttamiðstöð", "Íþróttahús, líkamsrækt og vallarsvæði fyrir skóla, félög og almenning."},
	{"Tónlistarskóli", "Tónlistarskóli sem kennir á hljóðfæri og söng í einkatímum og hópum."},
	{"Félagsmiðstöð", "Félagsmiðstöð fyrir unglinga með opið hús á kvöldin og viðburði."},
	{"Áhaldahús", "Áhaldahús sem sér um snjómokstur, viðhald gatna, opinna svæða og veitna."},
	{"Slökkvistöð", "Slökkvilið og sjúkraflutningar með útkallsliði allan sólarhringinn."},
	{"Hafnarskrifstofa", "Hafnarvarsla, vigtun afla og þjónusta við skip og báta."},
	{"Byggðasafn", "Byggðasafn með sýningum um sögu svæðisins og fræðslu fyrir skólahópa."},
	{"Heimaþjónusta", "Stuðningur og þjónusta við eldra fólk og fatlað fólk á heimilum þess."},
	{"Vinnuskóli", "Sumarstörf fyrir ungmenni við umhirðu opinna svæða og gróðursetningu."},
	{"Þjónustumiðstöð", "Afgreiðsla sveitarfélagsins, móttaka erinda og upplýsingar fyrir íbúa."},
	{"Hjúkrunarheimili", "Heimili og hjúkrun fyrir aldraða sem þurfa umönnun allan sólarhringinn."},
}

var streets = []string{
	"Hafnarbraut", "Aðalgata", "Skólabraut", "Kirkjuvegur", "Túngata", "Ægisgata", "Sundlaugarvegur",
	"Miðvangur", "Hólavegur", "Strandgata", "Bárugata", "Ránarbraut", "Mánagata", "Víkurbraut",
	"Þórsgata", "Öldugata", "Íþróttavegur", "Útgarður", "Garðarsbraut", "Lækjargata", "Fífilbrekka",
}

var (
	womensNames = []string{
		"Hildur Björk", "Guðrún", "Sigríður", "Kristín", "Anna", "Margrét", "Helga", "Ásdís", "Þórunn",
		"Ólöf", "Unnur", "Ýr", "Íris", "Edda", "Björg", "Sólveig", "Harpa", "Erla", "Auður",
		"Hrafnhildur", "Elín", "Katrín", "Ragnheiður", "Þórdís", "Steinunn", "Æsa",
	}
	mensNames = []string{
		"Jón", "Sigurður", "Guðmundur", "Gunnar", "Ólafur", "Einar", "Kristján", "Magnús", "Stefán",
		"Jóhann", "Björn", "Árni", "Helgi", "Þórður", "Ævar", "Ívar", "Úlfar", "Ýmir", "Egill",
		"Haukur", "Davíð", "Hrafn", "Baldur", "Friðrik", "Ásgeir", "Óskar",
	}
	// fathers are the first part of a patronymic: "Magnús" + "dóttir".
	fathers = []string{
		"Magnús", "Jóns", "Sigurðar", "Guðmundar", "Gunnars", "Ólafs", "Einars", "Kristjáns",
		"Stefáns", "Jóhanns", "Björns", "Árna", "Helga", "Þórðar", "Hauks", "Egils", "Ásgeirs",
		"Ævars", "Friðriks", "Baldurs", "Davíðs", "Halldórs", "Óskars", "Þorsteins", "Úlfars", "Ingólfs",
	}
	roles = []string{
		"Forstöðumaður", "Skólastjóri", "Deildarstjóri", "Vaktstjóri", "Mannauðsstjóri",
		"Öryggistrúnaðarmaður", "Húsvörður", "Aðstoðarskólastjóri", "Yfirlaugarvörður", "Bókavörður",
		"Starfsmaður í móttöku", "Næsti yfirmaður",
	}
)

// orgPolicies are the policies that apply to every workplace; their file names show the
// kinds a real handbook has: slugs, Icelandic letters, spaces.
var orgPolicies = []struct{ title, file string }{
	{"Þjónustustefna " + orgGenitiv, "thjonustustefna.md"},
	{"Þagnarskylda og meðferð persónuupplýsinga", "thagnarskylda.md"},
	{"Einelti, áreitni og ofbeldi á vinnustað", "einelti-og-areitni.md"},
	{"Öryggi á vinnustað", "Öryggi á vinnustað.md"},
	{"Jafnréttisáætlun", "jafnrettisaaetlun.md"},
	{"Siðareglur starfsmanna", "Siðareglur.md"},
}

// OrgPolicies is how many organisation-wide policies every corpus has.
const OrgPolicies = 6

// policyTopics are the titles of a workplace's policies; a workplace with more policies
// than topics gets the topics again with a qualifier.
var policyTopics = []string{
	"Öryggisreglur", "Reglur um notkun farsíma", "Verklag við slys og óhöpp",
	"Viðbragðsáætlun vegna eldsvoða", "Rýmingaráætlun", "Þrif og hreinlæti", "Meðferð lyfja",
	"Ofnæmi og sérfæði", "Vettvangsferðir", "Útivera og veður", "Móttaka gesta",
	"Afgreiðsla og kassauppgjör", "Lyklar og aðgangskort", "Vaktaskipti og vaktaplan",
	"Veikindi og fjarvera", "Orlof og frídagar", "Símenntun og fræðsla", "Starfsmannaviðtöl",
	"Samskipti við foreldra", "Samskipti við fjölmiðla", "Notkun samfélagsmiðla",
	"Myndatökur og myndbirtingar", "Tölvu- og netnotkun", "Meðferð kvartana", "Trúnaður í starfi",
	"Skráning atvika", "Áhættumat starfa", "Vinnuvernd og heilsuefling", "Hlífðarbúnaður",
	"Meðferð hreinsiefna", "Geymsla og birgðir", "Innkaupareglur", "Akstur í þágu vinnustaðarins",
	"Matartímar og hlé", "Klæðnaður og snyrting", "Reykingar og rafrettur", "Áfengi og vímuefni",
	"Gjafir og hagsmunaárekstrar", "Óskilamunir", "Aðgengi fatlaðs fólks", "Túlkaþjónusta",
	"Móttaka barna af erlendum uppruna", "Heimanám", "Frímínútur og gæsla", "Laugargæsla",
	"Hæfnipróf laugarvarða", "Útlán og skil", "Sektir og vanskil", "Opnunartími og lokanir",
	"Viðhald húsnæðis", "Bilanir og viðgerðir", "Meðferð peninga", "Umhverfisstefna",
	"Flokkun sorps", "Jafnlaunastefna", "Starfslok", "Ráðningar og móttaka nýliða", "Skyndihjálp",
	"Hjartastuðtæki", "Óveður og ófærð", "Ýmsar starfsreglur", "Æfingar í rýmingu",
	"Þjónusta við eldri borgara", "Íþróttir og hreyfing", "Útleiga á sölum", "Fjarvinna",
	"Yfirvinna", "Tilkynningarskylda til barnaverndar", "Áfallahjálp", "Eineltisáætlun",
	"Skólasund", "Mötuneyti", "Eldhúsreglur", "Viðburðir og hátíðir",
}

var topicQualifiers = []string{
	"á vöktum", "fyrir sumarstarfsfólk", "utan opnunartíma", "um helgar", "í fjarvinnu",
	"fyrir nýliða", "á viðburðum", "í útibúi", "fyrir verktaka", "á sumrin", "á veturna",
	"í vettvangsferðum", "– viðauki",
}

var sectionHeadings = []string{
	"Tilgangur", "Gildissvið", "Markmið", "Skilgreiningar", "Ábyrgð og hlutverk", "Framkvæmd",
	"Verklag", "Fyrstu viðbrögð", "Tilkynningar og skráning", "Eftirfylgni", "Endurskoðun",
	"Þjálfun starfsfólks", "Fræðsla og kynning", "Samskipti við foreldra",
	"Samskipti við viðskiptavini", "Trúnaður og þagnarskylda", "Meðferð persónuupplýsinga",
	"Öryggi og heilsa", "Áhættumat", "Úrvinnsla mála", "Ýmis ákvæði", "Íbúar og aðstandendur",
	"Óveður og ófærð", "Él, hálka og snjómokstur", "Æfingar og prófanir", "Búnaður og aðstaða",
	"Þrif og hreinlæti", "Vaktir og vinnutími", "Fjarvera og veikindi", "Gildistaka",
	"Tengd skjöl", "Ábendingar og kvartanir", "Réttindi og skyldur", "Viðbrögð við frávikum",
	"Skráning og varðveisla gagna", "Samstarf við aðrar stofnanir",
	"Aðgengi og þjónusta fyrir alla", "Forvarnir", "Upplýsingagjöf", "Móttaka nýrra starfsmanna",
	"Lyklar og aðgangskort", "Notkun síma og samfélagsmiðla", "Ferðir og akstur",
	"Innkaup og kostnaður", "Umhverfismál", "Eftirlit og úttektir", "Undanþágur",
	"Ágreiningur og sáttaleiðir",
}

var subHeadings = []string{
	"Dæmi", "Undantekningar", "Á virkum dögum", "Um helgar og á hátíðisdögum",
	"Börn yngri en tíu ára", "Ef starfsmaður veikist", "Ef gestur slasast",
	"Skráning í atvikaskrá", "Tilkynning til yfirmanns", "Hlutverk yfirmanns",
	"Hlutverk starfsmanna", "Hlutverk vaktstjóra", "Hlutverk öryggistrúnaðarmanns",
	"Eftir atvikið", "Fyrir fyrstu vakt", "Í lok dags", "Utan opnunartíma", "Í vettvangsferðum",
	"Ábyrgð foreldra", "Þegar tungumál er hindrun", "Rafræn gögn", "Gögn á pappír",
	"Úrræði og stuðningur", "Óvænt fjarvera", "Ýmis hagnýt atriði", "Æskilegt verklag",
}

var tags = []string{
	"öryggi", "þjónusta", "samskipti", "persónuvernd", "heilsa", "börn", "þrif", "fræðsla",
	"mannauður", "réttindi", "skyldur", "umhverfi", "tækni", "fjármál", "vinnuvernd", "jafnrétti",
}

var approvers = []string{
	"Fræðsluráð", "Byggðaráð", "Sveitarstjórn", "Íþrótta- og æskulýðsráð", "Menningarráð",
	"Félagsmálaráð", "Umhverfis- og dreifbýlisráð", "Skólaráð",
}

// onboardingTasks are checklist items that name no policy.
var onboardingTasks = []struct {
	id, task, owner string
	due             int
}{
	{"sakavottord", "Skila sakavottorði áður en starf hefst", "employee", -7},
	{"vaktaplan", "Senda nýjum starfsmanni vaktaplan og upplýsingar um fyrsta vinnudag", "supervisor", -3},
	{"tolvuadgangur", "Stofna aðgang að tölvukerfum og netfangi", "supervisor", -1},
	{"lyklar", "Afhenda lykla og aðgangskort", "supervisor", 0},
	{"kynning", "Kynna starfsmann fyrir samstarfsfólki og sýna húsnæðið", "supervisor", 0},
	{"fatnadur", "Afhenda starfsmannafatnað og hlífðarbúnað", "supervisor", 1},
	{"starfslysing", "Fara yfir starfslýsingu og helstu verkefni", "supervisor", 1},
	{"neydaraaetlun", "Fara yfir neyðaráætlun, flóttaleiðir og sjúkrakassa", "supervisor", 2},
	{"launaupplysingar", "Skila upplýsingum um bankareikning, skattkort og lífeyrissjóð", "employee", 3},
	{"mannaudskerfi", "Skrá sig inn í mannauðskerfið og yfirfara eigin upplýsingar", "employee", 5},
	{"skyndihjalp", "Skrá starfsmann á námskeið í skyndihjálp", "supervisor", 14},
	{"eftirfylgni", "Eftirfylgnisamtal að loknum fyrsta mánuði í starfi", "supervisor", 30},
}

// tableKinds are the columns of a policy's table and what fills each column: p a phrase,
// r a role, n a person, t a phone number, d a deadline, f a frequency.
var tableKinds = []struct {
	head []string
	cols string
}{
	{[]string{"Verkefni", "Ábyrgð", "Tímamörk"}, "prd"},
	{[]string{"Tilvik", "Fyrstu viðbrögð", "Tilkynnist til"}, "ppr"},
	{[]string{"Hlutverk", "Nafn", "Sími"}, "rnt"},
	{[]string{"Atriði", "Hversu oft", "Skráð í"}, "pfp"},
	{[]string{"Þrep", "Hvað er gert", "Hver", "Hvenær"}, "pprd"},
}

var frequencies = []string{"Daglega", "Vikulega", "Mánaðarlega", "Árlega", "Við hverja vakt", "Eftir þörfum", "Tvisvar á ári"}

var deadlines = []string{"Strax", "Samdægurs", "Innan sólarhrings", "Innan þriggja daga", "Innan viku", "Fyrir lok mánaðar", "Fyrir fyrstu vakt"}

var linkSentences = []string{
	"Sjá einnig [%s](%s).",
	"Nánar er fjallað um þetta í [%s](%s).",
	"Frekari leiðbeiningar eru í [%s](%s).",
	"Um þetta gilda jafnframt ákvæði í skjalinu [%s](%s).",
}

var sectionLinkSentences = []string{
	"Sjá kaflann [„%s“](%s) í %s.",
	"Um fyrstu skref, sjá [%s](%s) í %s.",
}
