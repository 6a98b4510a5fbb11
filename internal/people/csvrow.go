package people

import (
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// rowReader checks the rows of a staff file one by one.
type rowReader struct {
	file       *staffFile
	header     header
	workplaces []string
	seen       map[string]int // email → the line it was first on
	known      func(email string) bool
}

// cell is one value of a row, and where its first character is in the file.
type cell struct {
	value         string // without the spaces around it
	line, byteCol int
	present       bool // false when the header has no such column
}

// person reads one row, reporting every problem in it; ok is false when it has any, or
// when it is an empty row to skip.
func (rr *rowReader) person(cr *csv.Reader, rec []string) (p Person, ok bool) {
	if strings.TrimSpace(strings.Join(rec, "")) == "" {
		return p, false
	}
	f := rr.file
	line, _ := cr.FieldPos(0)
	if n := len(rec); n != rr.header.n {
		col := 1
		how := "add the missing ones, empty where not known"
		if n > rr.header.n {
			_, col = cr.FieldPos(rr.header.n)
			how = fmt.Sprintf("a value with %q in it must be in double quotes", string(cr.Comma))
		}
		f.report(line, col, "this row has %d values but the header has %d: %s", n, rr.header.n, how)
		return p, false
	}
	get := func(name string) cell { return rr.cell(cr, rec, name) }
	before := len(f.problems)
	p.Email = rr.email(get("email"))
	p.Name = rr.name(get("name"))
	p.Role = rr.role(get("role"))
	p.Workplaces = rr.workplacesOf(get("workplaces"), p.Role)
	p.Start = rr.start(get("start_date"))
	return p, len(f.problems) == before
}

// cell returns the value of a column in a row, and where it is.
func (rr *rowReader) cell(cr *csv.Reader, rec []string, name string) cell {
	i, ok := rr.header.index[name]
	if !ok {
		return cell{}
	}
	line, col := cr.FieldPos(i)
	if at := rr.file.lineStart[line-1] + col - 1; at < len(rr.file.data) && rr.file.data[at] == '"' {
		col++
	}
	raw := rec[i]
	trimmed := strings.TrimLeft(raw, " \t")
	if trimmed != "" {
		col += len(raw) - len(trimmed)
	}
	return cell{value: strings.TrimRight(trimmed, " \t"), line: line, byteCol: col, present: true}
}

func (rr *rowReader) report(c cell, format string, args ...any) {
	rr.file.report(c.line, c.byteCol, format, args...)
}

func (rr *rowReader) email(c cell) string {
	if !c.present {
		return ""
	}
	if c.value == "" {
		rr.report(c, "the email is empty: every person needs one; it is how they sign in")
		return ""
	}
	email, err := NormalizeEmail(c.value)
	if err != nil {
		rr.report(c, "%v: write one address, like anna@dalvikurbyggd.is", err)
		return ""
	}
	if first, dup := rr.seen[email]; dup {
		rr.report(c, "%s is also on line %d: keep one of the two rows", email, first)
		return email
	}
	rr.seen[email] = c.line
	if rr.known != nil && rr.known(email) {
		rr.report(c, "%s is already in the records: remove the row (handbok users list shows who is there)", email)
	}
	return email
}

func (rr *rowReader) name(c cell) string {
	if c.present && c.value == "" {
		rr.report(c, "the name is empty: write the person's name as the handbook should show it")
	}
	// The PostgreSQL store cannot keep a NUL: it would fail the whole file there, at
	// the end and without naming the row.
	if strings.ContainsRune(c.value, 0) {
		rr.report(c, "the name has a NUL character, which the records cannot keep: take it out")
	}
	return c.value
}

func (rr *rowReader) role(c cell) Role {
	if c.value == "" {
		return Employee
	}
	r, err := ParseRole(c.value)
	if err != nil {
		rr.report(c, "%v", err)
	}
	return r
}

// workplacesOf reads the slugs of a row's workplaces, separated by ";" or ",".
func (rr *rowReader) workplacesOf(c cell, role Role) []string {
	var slugs []string
	before := len(rr.file.problems)
	for off := 0; off < len(c.value); {
		end := strings.IndexAny(c.value[off:], ";,")
		if end < 0 {
			end = len(c.value) - off
		}
		part := c.value[off : off+end]
		lead := len(part) - len(strings.TrimLeft(part, " \t"))
		at := cell{value: strings.TrimSpace(part), line: c.line, byteCol: c.byteCol + off + lead}
		off += end + 1
		if at.value == "" {
			continue
		}
		if slug, ok := rr.workplace(at); ok && !slices.Contains(slugs, slug) {
			slugs = append(slugs, slug)
		}
	}
	if c.present && role == Supervisor && len(slugs) == 0 && len(rr.file.problems) == before {
		rr.report(c, "a supervisor needs the workplaces they supervise: write their slugs here, separated by ;")
	}
	return slugs
}

// workplace checks one slug against the handbook's workplaces.
func (rr *rowReader) workplace(c cell) (string, bool) {
	w, err := MatchWorkplace(c.value, rr.workplaces)
	if err != nil {
		rr.report(c, "%v", err)
		return "", false
	}
	return w, true
}

func (rr *rowReader) start(c cell) time.Time {
	if c.value == "" {
		return time.Time{}
	}
	t, problem := parseDay(c.value)
	if problem != "" {
		rr.report(c, "start date %q: %s", c.value, problem)
	}
	return t
}

var (
	isoDay      = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	dayFirstDay = regexp.MustCompile(`^(\d{1,2})[./](\d{1,2})[./](\d{4})$`) // 19.5.2015, as Icelandic Excel writes it
)

// parseDay reads a day written YYYY-MM-DD, as midnight UTC. When s is not one, problem
// says why in words a person can act on.
func parseDay(s string) (t time.Time, problem string) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, ""
	}
	var y, m, d int
	if g := isoDay.FindStringSubmatch(s); g != nil {
		y, m, d = atoi(g[1]), atoi(g[2]), atoi(g[3])
	} else if g := dayFirstDay.FindStringSubmatch(s); g != nil {
		y, m, d = atoi(g[3]), atoi(g[2]), atoi(g[1])
	} else {
		return t, "write it as YYYY-MM-DD, like 2026-08-15"
	}
	days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	switch {
	case m < 1 || m > 12:
		return t, fmt.Sprintf("there is no month %d; write the date as YYYY-MM-DD, like 2026-08-15", m)
	case d < 1:
		return t, "there is no day 0; days are counted from 1"
	case d > days:
		return t, fmt.Sprintf("%s %d has %d days", time.Month(m), y, days)
	}
	return t, fmt.Sprintf("write it as YYYY-MM-DD: %04d-%02d-%02d", y, m, d)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// listOf writes up to n items as "a, b and c", and says how many more there are.
func listOf(items []string, n int) string {
	if len(items) > n {
		return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
	}
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
