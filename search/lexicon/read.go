package lexicon

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DownloadURL is where an organisation downloads BÍN.
const DownloadURL = "https://bin.arnastofnun.is/gogn/mimisbrunnur/"

// record is what the search needs of one line of BÍN: one form of one lemma.
type record struct {
	id     int    // the lemma's id; negative for a line without one (see lemmaKeys)
	class  []byte // word class: kk, kvk, hk, lo, so, fs…
	domain []byte // alm for the common vocabulary, ism for given names…
	form   []byte // lower case, UTF-8
}

// format is one of BÍN's two line formats: how many fields a line has and which
// of them the search reads.
type format struct {
	name                           string
	fields                         int
	lemma, id, class, domain, form int
	layout                         string
}

var (
	sigrun = format{name: "Sigrúnarsnið", fields: 6, lemma: 0, id: 1, class: 2, domain: 3, form: 4,
		layout: "lemma;id;class;domain;form;tag"}
	kristin = format{name: "Kristínarsnið", fields: 15, lemma: 0, id: 1, class: 2, domain: 3, form: 9,
		layout: "lemma;id;class;domain;grade;register;grammar;crossref;visibility;form;tag;…"}
)

// errStop ends a scan early without an error.
var errStop = errors.New("stop")

// scan calls each for every line of BÍN at path, in order, with the line's number.
// An error names path:line and what is wrong with that line, or says what to do
// when the file cannot be read at all.
func scan(path string, each func(line int, r record) error) error {
	src, name, closeFn, err := open(path)
	if err != nil {
		return err
	}
	defer closeFn()
	lines := bufio.NewScanner(src)
	lines.Buffer(make([]byte, 256<<10), 1<<20)
	var (
		f       *format
		n       int
		keys    lemmaKeys
		latin1  []byte
		lowered []byte
		fields  [15][]byte
	)
	for lines.Scan() {
		n++
		line := lines.Bytes()
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if !utf8.Valid(line) {
			latin1 = fromLatin1(latin1[:0], line)
			line = latin1
		}
		count := bytes.Count(line, []byte(";")) + 1
		if f == nil {
			switch count {
			case sigrun.fields:
				f = &sigrun
			case kristin.fields:
				f = &kristin
			default:
				return fmt.Errorf("%s:%d: %d fields separated by ';': BÍN's Sigrúnarsnið (SHsnid.csv) has %d (%s) and its Kristínarsnið (KRISTINsnid.csv) %d; is this the file downloaded from %s?",
					name, n, count, sigrun.fields, sigrun.layout, kristin.fields, DownloadURL)
			}
		} else if count != f.fields {
			return fmt.Errorf("%s:%d: %d fields separated by ';' where the lines above have %d (%s, BÍN's %s)",
				name, n, count, f.fields, f.layout, f.name)
		}
		rest := line
		for i := range f.fields {
			j := bytes.IndexByte(rest, ';')
			if j < 0 {
				fields[i], rest = rest, nil
			} else {
				fields[i], rest = rest[:j], rest[j+1:]
			}
		}
		r := record{class: fields[f.class], domain: fields[f.domain]}
		if len(fields[f.form]) == 0 {
			return fmt.Errorf("%s:%d: the form (field %d of %s) is empty", name, n, f.form+1, f.layout)
		}
		if len(r.class) == 0 {
			return fmt.Errorf("%s:%d: the word class (field %d of %s) is empty", name, n, f.class+1, f.layout)
		}
		id, ok := parseID(fields[f.id])
		if !ok {
			return fmt.Errorf("%s:%d: the lemma id %q (field %d of %s) is not a whole number", name, n, fields[f.id], f.id+1, f.layout)
		}
		if id == 0 {
			id = keys.of(fields[f.lemma], r.class)
		}
		r.id = id
		lowered, r.form = lower(lowered[:0], fields[f.form])
		if err := each(n, r); err != nil {
			if err == errStop {
				return nil
			}
			return err
		}
	}
	if err := lines.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("%s:%d: a line longer than 1 MiB; BÍN's lines are short: is this the file downloaded from %s?", name, n+1, DownloadURL)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	if f == nil {
		return fmt.Errorf("%s: no forms in the file; download SHsnid.csv.zip from %s", name, DownloadURL)
	}
	return nil
}

// lemmaKeys gives lines without a lemma id a key of their own, by lemma and word
// class, so that their forms still go together. BÍN's lines all have ids; the lines
// an organisation adds by hand may not.
type lemmaKeys map[string]int

func (k *lemmaKeys) of(lemma, class []byte) int {
	if *k == nil {
		*k = lemmaKeys{}
	}
	key := string(lemma) + ";" + string(class)
	id, ok := (*k)[key]
	if !ok {
		id = -1 - len(*k)
		(*k)[key] = id
	}
	return id
}

// parseID reads a lemma id: digits, or nothing (0).
func parseID(b []byte) (int, bool) {
	if len(b) > 12 {
		return 0, false
	}
	id := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		id = id*10 + int(c-'0')
	}
	return id, true
}

// open opens BÍN at path: the .csv itself, or the .zip it is downloaded in (told by
// its first bytes, not its name). name is what errors about its lines call it.
func open(path string) (src io.Reader, name string, closeFn func(), err error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, "", nil, unreadable(path, err)
	}
	fi, err := file.Stat()
	if err == nil && fi.IsDir() {
		file.Close()
		return nil, "", nil, fmt.Errorf("lexicon %s is a folder; set search.lexicon to the file SHsnid.csv (or SHsnid.csv.zip) downloaded from %s", path, DownloadURL)
	}
	if err != nil {
		file.Close()
		return nil, "", nil, unreadable(path, err)
	}
	head := make([]byte, 4)
	if _, err := io.ReadFull(file, head); err == nil && string(head) == "PK\x03\x04" {
		return openZip(path, file, fi.Size())
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		file.Close()
		return nil, "", nil, unreadable(path, err)
	}
	return file, path, func() { file.Close() }, nil
}

// openZip opens the one .csv file in the archive file, which it then owns: BÍN's
// downloads hold that file and a checksum file.
func openZip(path string, file *os.File, size int64) (io.Reader, string, func(), error) {
	fail := func(err error) (io.Reader, string, func(), error) {
		file.Close()
		return nil, "", nil, err
	}
	zr, err := zip.NewReader(file, size)
	if err != nil {
		return fail(fmt.Errorf("lexicon %s: a zip archive that cannot be read (%v); download it again from %s", path, err, DownloadURL))
	}
	var csv []*zip.File
	for _, f := range zr.File {
		if strings.HasSuffix(strings.ToLower(f.Name), ".csv") {
			csv = append(csv, f)
		}
	}
	if len(csv) != 1 {
		return fail(fmt.Errorf("lexicon %s holds %d .csv files where BÍN's downloads hold one (SHsnid.csv or KRISTINsnid.csv); unzip it and set search.lexicon to the one to read", path, len(csv)))
	}
	rc, err := csv[0].Open()
	if err != nil {
		return fail(fmt.Errorf("lexicon %s: %s cannot be read (%v); download it again from %s", path, csv[0].Name, err, DownloadURL))
	}
	return rc, path + "/" + csv[0].Name, func() { rc.Close(); file.Close() }, nil
}

// unreadable says that BÍN at path cannot be read, and what to do.
func unreadable(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("lexicon %s: no such file; download SHsnid.csv.zip (Sigrúnarsnið) from %s and set search.lexicon in handbok.yaml to where it is, or remove search.lexicon: %w", path, DownloadURL, fs.ErrNotExist)
	}
	return fmt.Errorf("lexicon %s cannot be read (%w); give the user who builds the handbook read access to it, or remove search.lexicon from handbok.yaml", path, err)
}

// fromLatin1 appends b, read as ISO 8859-1, to dst in UTF-8.
func fromLatin1(dst, b []byte) []byte {
	for _, c := range b {
		dst = utf8.AppendRune(dst, rune(c))
	}
	return dst
}

// lower returns b in lower case, in buf when it had to change. Most of BÍN's forms
// are lower case already, and checking is cheaper than converting: an ASCII capital
// or a capital of Latin-1 (Á, Ð, Þ, Æ, Ö…: 0xC3 0x80–0x9E) sends the form to
// bytes.ToLower, as does any letter outside ASCII and Latin-1.
func lower(buf, b []byte) ([]byte, []byte) {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c < 0x80:
			if 'A' <= c && c <= 'Z' {
				return toLower(buf, b)
			}
		case c == 0xC3 && i+1 < len(b):
			if b[i+1] < 0x9F {
				return toLower(buf, b)
			}
			i++
		default:
			return toLower(buf, b)
		}
	}
	return buf, b
}

func toLower(buf, b []byte) ([]byte, []byte) {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
		b = b[size:]
	}
	return buf, buf
}
