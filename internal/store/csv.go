package store

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// AcksCSVHeader is the header row of WriteAcksCSV.
var AcksCSVHeader = []string{"email", "name", "policy", "version", "revision", "time", "how"}

// WriteAcksCSV writes acks as CSV, one row each under AcksCSVHeader, with the person's
// name from names (by email) and the time in ISO 8601 (UTC). The file starts with a
// UTF-8 byte order mark, without which Excel reads it as Windows-1252 and garbles
// Icelandic letters.
func WriteAcksCSV(w io.Writer, acks []Acknowledgment, names map[string]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(AcksCSVHeader); err != nil {
		return err
	}
	for _, a := range acks {
		row := []string{cellText(a.Email), cellText(names[a.Email]), cellText(a.Policy), strconv.Itoa(a.Version), a.Revision,
			a.At.UTC().Format(time.RFC3339), string(a.How)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cellText keeps a spreadsheet from reading a value as a formula: one that starts with
// =, +, -, @ or a tab or carriage return gets a leading apostrophe, which Excel shows as
// text. A name in the records comes from whoever wrote the staff file.
func cellText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
