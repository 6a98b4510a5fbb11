package people

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Columns are the columns of a staff file, in the order handbok writes them. A file may
// have them in any order; each must be there once.
var Columns = []string{"email", "name", "role", "workplaces", "start_date"}

// Problem is something wrong in a staff file, at a place in it.
type Problem struct {
	Path string
	// Line and Col are where, counted from 1: Line counts the header and every line of a
	// value that spans lines; Col counts characters. Line is 0 for the file as a whole.
	Line, Col int
	// Message says what is wrong and what to do about it.
	Message string
}

// Error formats the problem as path:line:col: message.
func (p Problem) Error() string {
	if p.Line == 0 {
		return p.Path + ": " + p.Message
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.Path, p.Line, p.Col, p.Message)
}

// ReadCSV reads a staff file as HR exports it: a header row naming the Columns (in any
// order, in any case), then one person a row. Values may have spaces around them; an
// empty role means employee; workplaces are slugs from the workplaces given, separated by
// ";" (or ","); start_date is YYYY-MM-DD or empty. The file is UTF-8, with or without a
// byte order mark, its lines ended by LF or CRLF, its values separated by ",", ";" or a
// tab, whichever the header uses. Rows whose values are all empty are skipped.
//
// It reads the whole file and returns every problem in it, in file order, each naming
// path, line and column. A staff file is taken whole or not at all: when there is any
// problem, ReadCSV returns no people, and the caller must import none.
func ReadCSV(r io.Reader, path string, workplaces []string) ([]Person, []Problem) {
	return ReadNewCSV(r, path, workplaces, nil)
}

// ReadNewCSV is ReadCSV for a file of people who must not be in the records yet: a row
// whose email known reports (nil: none) is a problem at that email, so that the file is
// refused with the line of every such row.
func ReadNewCSV(r io.Reader, path string, workplaces []string, known func(email string) bool) ([]Person, []Problem) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, []Problem{{Path: path, Message: fmt.Sprintf("cannot read the file: %v", err)}}
	}
	f := newStaffFile(path, data)
	if !f.checkEncoding() {
		return nil, f.problems
	}
	people := f.read(workplaces, known)
	if len(f.problems) > 0 {
		return nil, f.problems
	}
	return people, nil
}

// staffFile is a staff file being read, and what is wrong with it so far.
type staffFile struct {
	path      string
	data      []byte
	lineStart []int // byte offset of the start of each line; line n starts at lineStart[n-1]
	problems  []Problem
}

var utf8BOM = []byte("\ufeff")

func newStaffFile(path string, data []byte) *staffFile {
	f := &staffFile{path: path, lineStart: []int{0}}
	// A BOM is not a character a person sees in the file, so columns are counted after it.
	f.data = bytes.TrimPrefix(data, utf8BOM)
	for i, b := range f.data {
		if b == '\n' {
			f.lineStart = append(f.lineStart, i+1)
		}
	}
	return f
}

// checkEncoding reports a file that is not UTF-8, as the first problem and the only one:
// read as UTF-8, everything after would be wrong anyway.
func (f *staffFile) checkEncoding() bool {
	if bytes.HasPrefix(f.data, []byte{0xff, 0xfe}) || bytes.HasPrefix(f.data, []byte{0xfe, 0xff}) {
		f.report(1, 1, `the file is UTF-16: save it again as "CSV UTF-8" (in Excel: Save As, "CSV UTF-8 (Comma delimited)")`)
		return false
	}
	if utf8.Valid(f.data) {
		return true
	}
	at := 0
	for at < len(f.data) {
		r, size := utf8.DecodeRune(f.data[at:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		at += size
	}
	line, _ := slices.BinarySearch(f.lineStart, at+1)
	f.report(line, at-f.lineStart[line-1]+1, `the file is not UTF-8 (older Excel writes Windows-1252, which garbles Icelandic letters): save it again as "CSV UTF-8" (in Excel: Save As, "CSV UTF-8 (Comma delimited)")`)
	return false
}

// report records a problem at a line and a byte column of that line.
func (f *staffFile) report(line, byteCol int, format string, args ...any) {
	f.problems = append(f.problems, Problem{Path: f.path, Line: line, Col: f.runeCol(line, byteCol), Message: fmt.Sprintf(format, args...)})
}

// runeCol turns a byte column of a line into a character column.
func (f *staffFile) runeCol(line, byteCol int) int {
	if line < 1 || line > len(f.lineStart) || byteCol < 1 {
		return byteCol
	}
	start := f.lineStart[line-1]
	end := min(start+byteCol-1, len(f.data))
	return utf8.RuneCount(f.data[start:end]) + 1
}

// separator is the character the first line separates its values with: the one of ",",
// ";" and tab it has most of outside quotes, "," when it has none.
func separator(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	counts := map[byte]int{}
	quoted := false
	for _, b := range line {
		switch {
		case b == '"':
			quoted = !quoted
		case !quoted && (b == ',' || b == ';' || b == '\t'):
			counts[b]++
		}
	}
	best := byte(',')
	for _, b := range []byte{';', '\t'} {
		if counts[b] > counts[best] {
			best = b
		}
	}
	return rune(best)
}

// read reads the header and the rows, reporting what is wrong with them.
func (f *staffFile) read(workplaces []string, known func(string) bool) []Person {
	cr := csv.NewReader(bytes.NewReader(f.data))
	cr.Comma = separator(f.data)
	cr.FieldsPerRecord = -1
	h, ok := f.readHeader(cr)
	if !ok {
		return nil
	}
	rows := rowReader{file: f, header: h, workplaces: workplaces, seen: map[string]int{}, known: known}
	var people []Person
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return people
		}
		if err != nil {
			f.reportParseError(err)
			continue
		}
		if p, ok := rows.person(cr, rec); ok {
			people = append(people, p)
		}
	}
}

// reportParseError reports what encoding/csv found wrong, in words that say what to do.
func (f *staffFile) reportParseError(err error) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		f.problems = append(f.problems, Problem{Path: f.path, Message: err.Error()})
		return
	}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		f.report(pe.Line, pe.Column, `a " inside a value that does not start with one: put the whole value in double quotes and write the " inside as ""`)
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line != pe.StartLine:
		f.report(pe.StartLine, 1, `a value in double quotes that starts on this line is still open at the end of the file (line %d): end it with "`, pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		f.report(pe.Line, pe.Column, `a value in double quotes must end with " right before the separator: write a " inside it as ""`)
	default:
		f.report(pe.Line, pe.Column, "%v", pe.Err)
	}
}

// header is where each column is in the rows.
type header struct {
	index map[string]int // column name → field index
	n     int            // fields in the header
}

// readHeader reads the first row as the names of the columns.
func (f *staffFile) readHeader(cr *csv.Reader) (header, bool) {
	rec, err := cr.Read()
	if err == io.EOF {
		f.problems = append(f.problems, Problem{Path: f.path, Message: "the file is empty: its first line must be the header " + strings.Join(Columns, ",")})
		return header{}, false
	}
	if err != nil {
		f.reportParseError(err)
		return header{}, false
	}
	h := header{index: map[string]int{}, n: len(rec)}
	suggested := map[string]bool{}
	if !slices.ContainsFunc(rec, func(name string) bool { return slices.Contains(Columns, columnName(name)) }) {
		f.report(1, 1, "the first line must be the header %s (in any order), not %q: add it above the first person", strings.Join(Columns, ","), strings.Join(rec, string(cr.Comma)))
		return header{}, false
	}
	for i, raw := range rec {
		line, col := cr.FieldPos(i)
		name := columnName(raw)
		switch j, dup := h.index[name]; {
		case dup:
			_, first := cr.FieldPos(j)
			f.report(line, col, "column %q is there twice (first at col %d): keep one of them", name, f.runeCol(line, first))
		case slices.Contains(Columns, name):
			h.index[name] = i
		case suggest(name, Columns) != "":
			suggested[suggest(name, Columns)] = true
			f.report(line, col, "unknown column %q (did you mean %q?)", strings.TrimSpace(raw), suggest(name, Columns))
		default:
			f.report(line, col, "unknown column %q: remove it; the columns are %s", strings.TrimSpace(raw), strings.Join(Columns, ", "))
		}
	}
	for _, name := range Columns {
		if _, ok := h.index[name]; !ok && !suggested[name] {
			f.report(1, 1, "the header has no %q column: add it (its values may be empty where not known)", name)
		}
	}
	return h, true
}

// columnName folds a column's name as written in a header to the form of Columns:
// "Start date" and "START-DATE" are start_date.
func columnName(s string) string {
	return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
}
