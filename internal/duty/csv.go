package duty

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// csvHeader names the columns of WriteCSV: English field names that scripts can rely on.
var csvHeader = []string{
	"email", "name", "policy_id", "policy_title", "current_version",
	"acknowledged_version", "acknowledged_at", "due", "state", "overdue",
}

// bom starts the file so that Excel reads it as UTF-8 and shows Icelandic letters.
const bom = "\ufeff"

// WriteCSV writes the table with one row for each person and policy, in the table's
// order, after a header row (see csvHeader). acknowledged_at is RFC 3339 in UTC, due
// YYYY-MM-DD; both are empty when there is none, as acknowledged_version is for Never.
// A cell that a spreadsheet would take for a formula gets an apostrophe in front: names
// come from HR's files and titles from the content, and neither is ours to trust.
func (t Table) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // as RFC 4180 and Excel have it
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range t.Rows {
		for _, st := range r.Statuses {
			if err := cw.Write(csvRecord(r, st)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRecord is person r's status st as a row of the CSV, in csvHeader's order.
func csvRecord(r Row, st Status) []string {
	var version, at, due string
	if st.State != Never {
		version = strconv.Itoa(st.Acked.Version)
		at = st.Acked.At.UTC().Format(time.RFC3339)
	}
	if !st.Due.IsZero() {
		due = st.Due.Format(time.DateOnly)
	}
	overdue := "no"
	if st.Overdue {
		overdue = "yes"
	}
	record := []string{
		r.Person.Email, r.Person.Name, st.Policy.ID, st.Policy.Title, strconv.Itoa(st.Policy.Version),
		version, at, due, st.State.String(), overdue,
	}
	for i, cell := range record {
		record[i] = defuse(cell)
	}
	return record
}

// defuse puts an apostrophe before a cell that a spreadsheet would run as a formula:
// one starting with =, +, -, @, a tab or a carriage return.
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
