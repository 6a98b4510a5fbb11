package wordiff

import (
	"fmt"
	"strings"
	"testing"
)

var labels = Labels{Inserted: "Bætt við", Deleted: "Tekið út"}

const (
	insOpen = `<ins><span class="visually-hidden">Bætt við </span>`
	delOpen = `<del><span class="visually-hidden">Tekið út </span>`
	skipped = "<p class=\"diff-skip\">…</p>\n"
)

func TestHTML(t *testing.T) {
	// blocks returns n blocks "Grein 1." to "Grein n.", one a line.
	blocks := func(n int) []string {
		var bs []string
		for i := 1; i <= n; i++ {
			bs = append(bs, fmt.Sprintf("Grein %d.\n", i))
		}
		return bs
	}
	ten := strings.Join(blocks(10), "")
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"WordReplaced", "Starfsmenn skulu lesa stefnuna.\n", "Starfsmenn skulu kynna sér stefnuna.\n",
			"<p>Starfsmenn skulu " + delOpen + "lesa</del>" + insOpen + "kynna sér</ins> stefnuna.</p>\n"},
		{"Hostile", "<b>Smelltu</b> 'hér' & <i>\n", "<b>Smelltu</b> <script>alert(\"x&y\")</script> & <i>\n",
			"<p>&lt;b&gt;Smelltu&lt;/b&gt; " + delOpen + "&#39;hér&#39;</del>" +
				insOpen + "&lt;script&gt;alert(&#34;x&amp;y&#34;)&lt;/script&gt;</ins> &amp; &lt;i&gt;</p>\n"},
		{"Identical", ten, ten, skipped},
		{"OldEmpty", "", "Ný stefna.\nÖnnur grein.\n",
			"<p>" + insOpen + "Ný stefna.</ins></p>\n<p>" + insOpen + "Önnur grein.</ins></p>\n"},
		{"BlockRemoved", "Fyrsta.\nÖnnur.\nÞriðja.\n", "Fyrsta.\nÞriðja.\n",
			"<p>Fyrsta.</p>\n<p>" + delOpen + "Önnur.</del></p>\n<p>Þriðja.</p>\n"},
		{"BlockSplit", "Fyrsta grein. Önnur grein.\n", "Fyrsta grein.\nÖnnur grein.\n",
			"<p>Fyrsta grein. </p>\n<p>Önnur grein.</p>\n"},
		// Far from the change in block 5, blocks 1 to 3 and 7 to 10 are left out.
		{"FarBlocksCollapsed", ten, strings.Replace(ten, "Grein 5.", "Grein fimm.", 1),
			skipped + "<p>Grein 4.</p>\n<p>Grein " + delOpen + "5</del>" + insOpen + "fimm</ins>.</p>\n<p>Grein 6.</p>\n" + skipped},
		{"ChangeAtStart", ten, strings.Replace(ten, "Grein 1.", "Grein eitt.", 1),
			"<p>Grein " + delOpen + "1</del>" + insOpen + "eitt</ins>.</p>\n<p>Grein 2.</p>\n" + skipped},
		// Empty blocks show nothing and count for nothing.
		{"EmptyBlocks", "\nEitt.\n\n \nTvö.\nÞrjú.\nFjögur.\n", "\nEitt.\n\n \nTveir.\nÞrjú.\nFjögur.\n",
			"<p>Eitt.</p>\n<p>" + delOpen + "Tvö</del>" + insOpen + "Tveir</ins>.</p>\n<p>Þrjú.</p>\n" + skipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(HTML(Diff(tt.old, tt.new), labels))
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestHTMLLabelsEscaped(t *testing.T) {
	got := string(HTML([]Chunk{del("a"), ins("b")}, Labels{Inserted: "<b>&", Deleted: `"x"`}))
	want := `<p><del><span class="visually-hidden">&#34;x&#34; </span>a</del><ins><span class="visually-hidden">&lt;b&gt;&amp; </span>b</ins></p>` + "\n"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestChanged(t *testing.T) {
	tests := []struct {
		old, new string
		want     bool
	}{
		{"", "", false},
		{"Eitt.\nTvö.\n", "Eitt.\nTvö.\n", false},
		{"Eitt.\n", "Eitt!\n", true},
		{"", "Eitt.\n", true},
		{"Eitt.\n", "", true},
	}
	for _, tt := range tests {
		if got := Changed(Diff(tt.old, tt.new)); got != tt.want {
			t.Errorf("Changed(Diff(%q, %q)) = %v, want %v", tt.old, tt.new, got, tt.want)
		}
	}
}
