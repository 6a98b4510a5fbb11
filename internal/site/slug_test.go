package site

import "testing"

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Þjónusta fyrir alla", "thjonusta-fyrir-alla"},
		{"Einkennisorð: Fagmennska", "einkennisord-fagmennska"},
		{"Grunnþáttur: Traust/áreiðanleiki/trúnaður", "grunnthattur-traust-areidanleiki-trunadur"},
		{"ÆFINGAR Í SUNDLAUG", "aefingar-i-sundlaug"},
		{"Öryggi á vinnustað", "oryggi-a-vinnustad"},
		{"Ýmislegt – og fleira", "ymislegt-og-fleira"},
		{"  --Bil  og  strik--  ", "bil-og-strik"},
		{"café naïve Ørsted straße", "cafe-naive-orsted-strasse"},
		{"Гагарин", "гагарин"},
		{"1. kafli", "1-kafli"},
		{"snake_case", "snake_case"},
		{"!!!", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if _, ok := latinSlug("Grunnþáttur: Traust/áreiðanleiki/trúnaður"); !ok {
		t.Error("Icelandic text is not slugged by table")
	}
}

func TestSlugPath(t *testing.T) {
	tests := []struct{ in, ext, want string }{
		{"Sundlaug Dalvíkur/Öryggi.md", ".html", "sundlaug-dalvikur/oryggi.html"},
		{"skrifstofa/Gagnlegar upplýsingar.md", ".html", "skrifstofa/gagnlegar-upplysingar.html"},
		{"myndir/Kort af Dalvík.PNG", "", "myndir/kort-af-dalvik.png"},
		{"???.md", ".html", "_.html"},
	}
	for _, tt := range tests {
		if got := slugPath(tt.in, tt.ext); got != tt.want {
			t.Errorf("slugPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Text of Latin letters is slugged by table to what the general way gives.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Þjónusta fyrir alla", "ÆFINGAR Í SUNDLAUG", "ǅemal ǈ ǋ Ǳ ĳ ŉ", "café naïve Ørsted straße",
		"a\xffb", "1. kafli_2", "İzmir ı ſ", "Гагарин og Þór", "e\u0301"} {
		f.Add(s)
	}
	for r := rune(0); r < slugRunesEnd+16; r++ {
		f.Add("a" + string(r) + "b " + string(r))
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Slugify(s), slowSlugify(s); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", s, got, want)
		}
	})
}
