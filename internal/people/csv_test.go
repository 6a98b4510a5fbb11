package people

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

var testWorkplaces = []string{"bokasafn", "dalvikurskoli", "krilakot", "skrifstofa", "sundlaug"}

const testHeader = "email,name,role,workplaces,start_date\n"

// TestReadCSVProblems checks each kind of problem, where it is reported and what it says.
// want holds "line:col: " and then a part of the message, one for each problem.
func TestReadCSVProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string
		want []string
	}{
		{"MissingColumn", "email,name,role,workplaces\nanna@d.is,Anna,,\n",
			[]string{`1:1: the header has no "start_date" column: add it`}},
		{"UnknownColumnNear", "email,name,role,workplace,start_date\n",
			[]string{`1:17: unknown column "workplace" (did you mean "workplaces"?)`}},
		{"UnknownColumn", "email,name,role,workplaces,start_date,kennitala\n",
			[]string{`1:39: unknown column "kennitala": remove it; the columns are email, name, role, workplaces, start_date`}},
		{"DuplicateColumn", "email,name,EMAIL,role,workplaces,start_date\n",
			[]string{`1:12: column "email" is there twice (first at col 1)`}},
		{"NoHeader", "anna@d.is,Anna,employee,,\n",
			[]string{`1:1: the first line must be the header email,name,role,workplaces,start_date (in any order), not "anna@d.is,Anna,employee,,"`}},
		{"Empty", "",
			[]string{`0:0: the file is empty`}},
		{"BadEmail", testHeader + "anna@,Anna,,,\n",
			[]string{`2:1: "anna@" is not an email address: write one address, like`}},
		{"BadEmailAfterSpaces", testHeader + "  Anna Jónsdóttir ,Anna,,,\n",
			[]string{`2:3: "Anna Jónsdóttir" is not an email address`}},
		{"EmptyEmail", testHeader + ",Anna,,,\n",
			[]string{`2:1: the email is empty`}},
		{"DuplicateEmail", testHeader + "anna@d.is,Anna,,,\njon@d.is,\"Jón\nJónsson\",,,\nANNA@d.is,Anna B,,,\n",
			[]string{`5:1: anna@d.is is also on line 2: keep one of the two rows`}},
		{"UnknownRole", testHeader + "anna@d.is,Anna,boss,,\n",
			[]string{`2:16: "boss" is not a role: use employee, supervisor or admin`}},
		{"UnknownWorkplaceNear", testHeader + "anna@d.is,Anna,employee,bokasafn;sundlaugin,\n",
			[]string{`2:34: unknown workplace "sundlaugin" (did you mean "sundlaug"?)`}},
		{"UnknownWorkplaceFolded", testHeader + "þóra@d.is,Þóra Ýr,employee,\"krilakot; Bókasafn\",\n",
			[]string{`2:39: unknown workplace "Bókasafn" (did you mean "bokasafn"?)`}},
		{"UnknownWorkplace", testHeader + "anna@d.is,Anna,employee,leikskolinn-x,\n",
			[]string{`2:25: unknown workplace "leikskolinn-x": use the slug of one of bokasafn, dalvikurskoli, krilakot, skrifstofa and sundlaug`}},
		{"SupervisorWithoutWorkplaces", testHeader + "anna@d.is,Anna,supervisor,,\n",
			[]string{`2:27: a supervisor needs the workplaces they supervise`}},
		{"SupervisorWithOnlySeparators", testHeader + "anna@d.is,Anna,supervisor,\" ; \",\n",
			[]string{`2:29: a supervisor needs the workplaces they supervise`}},
		{"DateNotInCalendar", testHeader + "anna@d.is,Anna,,,2026-02-30\n",
			[]string{`2:18: start date "2026-02-30": February 2026 has 28 days`}},
		{"DateDayFirst", testHeader + "anna@d.is,Anna,,,19.5.2015\n",
			[]string{`2:18: start date "19.5.2015": write it as YYYY-MM-DD: 2015-05-19`}},
		{"DateNoMonth", testHeader + "anna@d.is,Anna,,,2026-13-01\n",
			[]string{`2:18: start date "2026-13-01": there is no month 13`}},
		{"DateWords", testHeader + "anna@d.is,Anna,,,í haust\n",
			[]string{`2:18: start date "í haust": write it as YYYY-MM-DD`}},
		{"EmptyName", testHeader + "anna@d.is,  ,employee,,\n",
			[]string{`2:11: the name is empty`}},
		{"TooFewValues", testHeader + "anna@d.is,Anna\n",
			[]string{`2:1: this row has 2 values but the header has 5: add the missing ones`}},
		{"TooManyValues", testHeader + "anna@d.is,Jónsson, Anna,employee,,\n",
			[]string{`2:35: this row has 6 values but the header has 5: a value with "," in it must be in double quotes`}},
		{"BareQuote", testHeader + "anna@d.is,Anna \"Nonni\",,,\n",
			[]string{`2:16: a " inside a value that does not start with one`}},
		{"UnclosedQuote", testHeader + "anna@d.is,\"Anna,,,\njon@d.is,Jón,,,\n",
			[]string{`2:1: a value in double quotes that starts on this line is still open at the end of the file (line 3)`}},
		{"NotUTF8", testHeader + "jon@d.is,J\xf3n,,,\n",
			[]string{`2:11: the file is not UTF-8`}},
		{"UTF16", "\xff\xfee\x00m\x00",
			[]string{`1:1: the file is UTF-16`}},
		{"EveryProblemAtOnce", testHeader + "anna@d.is,,boss,,\nanna@d.is,Anna,,zzz,2026-02-29\n",
			[]string{`2:11: the name is empty`, `2:12: "boss" is not a role`, `3:1: anna@d.is is also on line 2`,
				`3:17: unknown workplace "zzz"`, `3:21: start date "2026-02-29": February 2026 has 28 days`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			people, problems := ReadCSV(strings.NewReader(tc.file), "starfsfolk.csv", testWorkplaces)
			if people != nil {
				t.Errorf("people returned along with problems: %v", people)
			}
			checkProblems(t, problems, tc.want)
		})
	}
}

func checkProblems(t *testing.T, problems []Problem, want []string) {
	t.Helper()
	var got []string
	for _, p := range problems {
		if p.Path != "starfsfolk.csv" {
			t.Errorf("problem in %q", p.Path)
		}
		got = append(got, fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Message))
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
}

func TestProblemError(t *testing.T) {
	p := Problem{Path: "s.csv", Line: 3, Col: 7, Message: "x"}
	if got := p.Error(); got != "s.csv:3:7: x" {
		t.Errorf("%q", got)
	}
	if got := (Problem{Path: "s.csv", Message: "x"}).Error(); got != "s.csv: x" {
		t.Errorf("%q", got)
	}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestReadCSVExcelExport reads a staff file as Excel in an Icelandic locale saves it: a
// byte order mark, CRLF, ";" between values and quotes around a value that has one,
// columns in HR's order, spaces around values and the empty rows left at the end.
func TestReadCSVExcelExport(t *testing.T) {
	data, err := os.ReadFile("testdata/excel-is.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "\ufeff") || !strings.Contains(string(data), "\r\n") {
		t.Fatal("testdata/excel-is.csv lost its BOM or its CRLF")
	}
	people, problems := ReadCSV(strings.NewReader(string(data)), "starfsfolk.csv", testWorkplaces)
	if problems != nil {
		t.Fatalf("problems: %v", problems)
	}
	want := []Person{
		{Email: "anna.jonsdottir@dalvikurbyggd.is", Name: "Anna Jónsdóttir", Role: Supervisor, Workplaces: []string{"krilakot", "skrifstofa"}, Start: day("2019-08-01")},
		{Email: "thorir@dalvikurbyggd.is", Name: "Þórir Ævarsson", Role: Employee, Workplaces: []string{"sundlaug"}, Start: day("2026-02-02")},
		{Email: "gudrun@dalvikurbyggd.is", Name: "Guðrún \"Gunna\" Ólafsdóttir", Role: Employee, Workplaces: []string{"krilakot"}},
		{Email: "jon@dalvikurbyggd.is", Name: "Jón Jónsson", Role: Admin, Start: day("2015-05-19")},
	}
	if !reflect.DeepEqual(people, want) {
		t.Errorf("got\n%+v\nwant\n%+v", people, want)
	}
}

// TestReadCSVProblemPositionsInExcelExport checks that columns are counted in characters
// from the first after the byte order mark, and lines across CRLF and ";".
func TestReadCSVProblemPositionsInExcelExport(t *testing.T) {
	file := "\ufeffNetfang;email;Nafn\r\n"
	_, problems := ReadCSV(strings.NewReader(file), "starfsfolk.csv", testWorkplaces)
	checkProblems(t, problems, []string{`1:1: unknown column "Netfang": remove it`, `1:15: unknown column "Nafn" (did you mean "name"?)`,
		`1:1: the header has no "role" column`,
		`1:1: the header has no "workplaces" column`, `1:1: the header has no "start_date" column`})

	file = "\ufeffname;email;role;workplaces;start_date\r\nÞórir Ævarsson;thorir@d.is;;krilakot;2026-02-31\r\n"
	_, problems = ReadCSV(strings.NewReader(file), "starfsfolk.csv", testWorkplaces)
	checkProblems(t, problems, []string{`2:38: start date "2026-02-31": February 2026 has 28 days`})
}

func TestReadCSVSeparators(t *testing.T) {
	for name, file := range map[string]string{
		"comma":     "email,name,role,workplaces,start_date\nanna@d.is,Anna,supervisor,\"krilakot;sundlaug\",\n",
		"semicolon": "email;name;role;workplaces;start_date\nanna@d.is;Anna;supervisor;krilakot,sundlaug;\n",
		"tab":       "email\tname\trole\tworkplaces\tstart_date\nanna@d.is\tAnna\tsupervisor\tkrilakot; sundlaug\t\n",
	} {
		people, problems := ReadCSV(strings.NewReader(file), "s.csv", testWorkplaces)
		want := []Person{{Email: "anna@d.is", Name: "Anna", Role: Supervisor, Workplaces: []string{"krilakot", "sundlaug"}}}
		if problems != nil || !reflect.DeepEqual(people, want) {
			t.Errorf("%s: %+v, %v", name, people, problems)
		}
	}
}

// benchmarkStaff writes a staff file of n people.
func benchmarkStaff(n int) string {
	var b strings.Builder
	b.WriteString("\ufeffemail;name;role;workplaces;start_date\r\n")
	for i := range n {
		fmt.Fprintf(&b, "starfsmadur%d@dalvikurbyggd.is;Guðrún Ólafsdóttir %d;employee;%s;2024-%02d-%02d\r\n",
			i, i, testWorkplaces[i%len(testWorkplaces)], i%12+1, i%28+1)
	}
	return b.String()
}

func TestReadCSVLargeFile(t *testing.T) {
	people, problems := ReadCSV(strings.NewReader(benchmarkStaff(10_000)), "s.csv", testWorkplaces)
	if len(people) != 10_000 || problems != nil {
		t.Fatalf("%d people, %v", len(people), problems)
	}
}

func BenchmarkReadCSV10000(b *testing.B) {
	file := benchmarkStaff(10_000)
	for b.Loop() {
		if _, problems := ReadCSV(strings.NewReader(file), "s.csv", testWorkplaces); problems != nil {
			b.Fatal(problems)
		}
	}
}

// FuzzReadCSV checks that no file makes ReadCSV panic, that it returns people or
// problems but never both, and that every problem is at a place in the file.
func FuzzReadCSV(f *testing.F) {
	f.Add(testHeader + "anna@d.is,Anna,supervisor,\"krilakot;x\",2026-02-30\n")
	f.Add("\ufeffemail;name\r\n\"a\r\nb\";\"c\"\"\r\n")
	f.Add("\xff\xfe")
	f.Add(testHeader + "anna@d.is,\"An\x00na\",employee,,\n")
	f.Add(testHeader + "a,b\"c,,,\n\n,,,,\n")
	f.Fuzz(func(t *testing.T, file string) {
		people, problems := ReadCSV(strings.NewReader(file), "s.csv", testWorkplaces)
		if people != nil && problems != nil {
			t.Fatalf("both people and problems: %v", problems)
		}
		for _, p := range people {
			// What is read, both stores keep as it is (PostgreSQL takes no NUL).
			if strings.ContainsRune(p.Name+p.Email+strings.Join(p.Workplaces, ""), 0) {
				t.Fatalf("read %+v, with a NUL", p)
			}
		}
		lines := strings.Count(file, "\n") + 1
		for _, p := range problems {
			if p.Line < 0 || p.Line > lines || (p.Line > 0 && p.Col < 1) {
				t.Fatalf("%v: outside a file of %d lines", p, lines)
			}
		}
	})
}

// A file of new people names every row whose email the records already have, at its email.
func TestReadNewCSVKnown(t *testing.T) {
	file := testHeader + "anna@d.is,Anna,,,\n  Jon@D.is,Jón,,,\nolof@d.is,Ólöf,,,\n"
	known := func(email string) bool { return email == "jon@d.is" || email == "olof@d.is" }
	ps, problems := ReadNewCSV(strings.NewReader(file), "staff.csv", testWorkplaces, known)
	if ps != nil {
		t.Errorf("people read from a refused file: %v", ps)
	}
	want := []string{
		"staff.csv:3:3: jon@d.is is already in the records: remove the row (handbok users list shows who is there)",
		"staff.csv:4:1: olof@d.is is already in the records: remove the row (handbok users list shows who is there)",
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
