package site

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// strictDecoder fills Go structs from YAML nodes and reports every problem as a diagnostic
// with the file position of the offending key or value, instead of stopping at the first.
// yaml.v3's own KnownFields mode reports positions only inside error strings; walking the
// nodes keeps them as data and lets us suggest the key that was meant.
type strictDecoder struct {
	path       string
	lineOffset int        // lines before the YAML text in the file (front matter starts on line 2)
	lines      *fileLines // the file's lines, to quote the offending one
	unknown    Severity   // how an unknown key is reported
	diags      Diagnostics
	// pos records where each decoded key's value was, by dotted path ("items.2.policy"),
	// and keys where the key itself was, so that later checks can point at them too.
	pos, keys map[string]Pos
}

func (d *strictDecoder) at(n *yaml.Node) Pos {
	return Pos{Path: d.path, Line: n.Line + d.lineOffset, Col: n.Column}
}

func (d *strictDecoder) report(p Pos, s Severity, format string, args ...any) {
	diag := Diagnostic{Pos: p, Severity: s, Message: fmt.Sprintf(format, args...)}
	diag.Source, _ = d.lines.line(p.Line)
	d.diags = append(d.diags, diag)
}

var (
	yamlLine   = regexp.MustCompile(`^yaml: (line \d+: )?`)
	yamlLineNo = regexp.MustCompile(`^yaml: line (\d+):`)
)

// parse reads YAML text into a node tree. yaml.v3 reports a syntax error only as text,
// and its line number there is off by one for some errors, so the line is found by
// parsing ever longer prefixes of the text: the first one that fails ends on the line
// where the mistake shows.
func (d *strictDecoder) parse(text []byte) (*yaml.Node, bool) {
	var root yaml.Node
	err := yaml.Unmarshal(text, &root)
	if err == nil {
		if len(root.Content) == 0 {
			return nil, true // empty document
		}
		return root.Content[0], true
	}
	// Start a line before where yaml.v3 says, so that the scan is short.
	line, lines := 1, bytes.SplitAfter(text, []byte("\n"))
	from := 1
	if m := yamlLineNo.FindStringSubmatch(err.Error()); m != nil {
		reported, _ := strconv.Atoi(m[1])
		if n := reported - 1; n >= 1 && yaml.Unmarshal(bytes.Join(lines[:min(n, len(lines))], nil), new(yaml.Node)) == nil {
			from = n
		}
	}
	for n := from; n <= len(lines); n++ {
		var prefix yaml.Node
		if yaml.Unmarshal(bytes.Join(lines[:n], nil), &prefix) != nil {
			line = n
			break
		}
	}
	msg := yamlLine.ReplaceAllString(err.Error(), "")
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = strings.TrimRight(string(l), "\r\n")
	}
	msg, line, col := syntaxHint(msg, texts, line, d.lineOffset)
	d.report(Pos{Path: d.path, Line: line + d.lineOffset, Col: col}, Error, "%s", msg)
	return nil, false
}

var dateType = reflect.TypeFor[Date]()

// decode fills v from n. key is the dotted path of n, used for positions and messages.
func (d *strictDecoder) decode(n *yaml.Node, v reflect.Value, key string) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	d.pos[key] = d.at(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value leaves the default
	}
	name := key
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		name = key[i+1:]
	} else if key == "" {
		name = "the front matter"
		if d.path == ConfigFile {
			name = ConfigFile
		}
	}
	t := v.Type()
	switch {
	case t == dateType:
		if n.Kind != yaml.ScalarNode {
			d.report(d.at(n), Error, "%s: expected a date like 2015-05-19", name)
			return
		}
		s := n.Value
		if len(s) > 10 && (n.Tag == "!!timestamp") {
			s = s[:10]
		}
		date, problem := parseDate(s)
		if problem != "" {
			d.report(d.at(n), Error, "%s: %q is not a date; %s", name, n.Value, problem)
			return
		}
		v.Set(reflect.ValueOf(date))
	case t.Kind() == reflect.Pointer:
		p := reflect.New(t.Elem())
		before := len(d.diags)
		d.decode(n, p.Elem(), key)
		if len(d.diags) == before {
			v.Set(p)
		}
	case t.Kind() == reflect.Struct:
		if d.spaceless(n, t) {
			return
		}
		if n.Kind != yaml.MappingNode {
			d.report(d.at(n), Error, "%s: expected a mapping with the keys %s", name, strings.Join(fieldNames(t), ", "))
			return
		}
		d.decodeStruct(n, v, key)
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.report(d.at(n), Error, "%s: expected a list, like [a, b] or lines starting with \"- \"", name)
			return
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i), key+"."+strconv.Itoa(i))
		}
		v.Set(s)
	case n.Kind != yaml.ScalarNode:
		d.report(d.at(n), Error, "%s: expected a single value, not a %s", name, nodeKindName(n))
	case t.Kind() == reflect.String:
		v.SetString(n.Value)
	case t.Kind() == reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Tag != "!!int" || err != nil {
			d.report(d.at(n), Error, "%s: expected a whole number, not %q", name, n.Value)
			return
		}
		v.SetInt(int64(i))
	case t.Kind() == reflect.Bool:
		if n.Tag != "!!bool" {
			d.report(d.at(n), Error, "%s: expected true or false, not %q", name, n.Value)
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	default:
		panic("site: no YAML decoding for " + t.String())
	}
}

func (d *strictDecoder) decodeStruct(n *yaml.Node, v reflect.Value, key string) {
	t := v.Type()
	names := fieldNames(t)
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if first := seen[k.Value]; first != nil {
			d.report(d.at(k), Error, "%s is set twice (first on line %d); keep one", k.Value, first.Line+d.lineOffset)
			continue
		}
		seen[k.Value] = k
		idx := fieldIndex(t, k.Value)
		if k.Value == "<<" {
			d.report(d.at(k), Error, "merge keys (<<) are not read here; write the keys out")
			continue
		}
		if idx < 0 && d.spaceless(k, t) {
			continue
		}
		if idx < 0 {
			msg := fmt.Sprintf("unknown field %q", k.Value)
			if s := Suggest(k.Value, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += "; known fields are " + strings.Join(names, ", ")
			}
			d.report(d.at(k), d.unknown, "%s", msg)
			continue
		}
		sub := k.Value
		if key != "" {
			sub = key + "." + k.Value
		}
		if d.keys != nil {
			d.keys[sub] = d.at(k)
		}
		d.decode(val, v.Field(idx), sub)
	}
}

// spaceless reports "key:value" written without a space where a key of the struct type
// t was meant, which YAML reads as one word: a key in {name:Anna}, or the whole
// value of owner: name:Anna.
func (d *strictDecoder) spaceless(n *yaml.Node, t reflect.Type) bool {
	key, value, ok := strings.Cut(n.Value, ":")
	if n.Kind != yaml.ScalarNode || n.Style != 0 || !ok || value == "" || strings.HasPrefix(value, " ") || fieldIndex(t, key) < 0 {
		return false
	}
	p := d.at(n)
	p.Col += utf8.RuneCountInString(key)
	d.report(p, Error, "add a space after the colon: %s: %s", key, value)
	return true
}

// structFields is what decoding needs of a struct type's YAML keys, worked out once per
// type: every page's front matter is decoded into the same few types.
type structFields struct {
	names []string       // in field order
	index map[string]int // field index by key
}

var fieldsOf sync.Map // reflect.Type → *structFields

func fieldsOfType(t reflect.Type) *structFields {
	if f, ok := fieldsOf.Load(t); ok {
		return f.(*structFields)
	}
	sf := &structFields{index: map[string]int{}}
	for i := range t.NumField() {
		if tag := yamlName(t.Field(i)); tag != "" {
			sf.names = append(sf.names, tag)
			if _, dup := sf.index[tag]; !dup {
				sf.index[tag] = i // the first field of a name, as a search in order finds
			}
		}
	}
	f, _ := fieldsOf.LoadOrStore(t, sf)
	return f.(*structFields)
}

func fieldNames(t reflect.Type) []string { return fieldsOfType(t).names }

func fieldIndex(t reflect.Type, name string) int {
	if i, ok := fieldsOfType(t).index[name]; ok {
		return i
	}
	return -1
}

func yamlName(f reflect.StructField) string {
	tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if tag == "-" {
		return ""
	}
	return tag
}

func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "value"
}
