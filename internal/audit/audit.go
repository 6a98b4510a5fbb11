// Package audit is the tamper-evident log of the records: every acknowledgment and every
// change to a person is appended as an Entry that carries the hash of the entry before
// it, so that changing, inserting or removing an entry breaks the chain from there on.
// It knows nothing of databases; the store keeps the entries and Verify checks them.
//
// # The hash of an entry
//
// An entry's hash is the SHA-256 of this byte string, written as 64 lower-case hex digits:
//
//	"handbok-audit-1" 0x00
//	then, for each field in the order seq, time, actor, action, subject, data, prev:
//	  the field's length in bytes as 4 bytes big-endian, then the field's bytes
//
// where seq is the decimal number of the entry (1, 2, 3, …, without leading zeros), time
// is UTC written as 2006-01-02T15:04:05.000000Z (microseconds, the precision every store
// keeps), actor, action and subject are UTF-8 as stored, data is the entry's canonical
// JSON (see CanonicalJSON) exactly as stored, and prev is the previous entry's hash in hex
// (Genesis for the first entry). The length prefixes make the encoding unambiguous: no two
// different entries give the same bytes.
package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Genesis is the prev hash of the first entry: the head of an empty log.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// TimeLayout is how an entry's time is written, in the hash and in the stores.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

const domain = "handbok-audit-1"

// Entry is one line of the audit log.
type Entry struct {
	// Seq numbers the entries from 1, without gaps.
	Seq uint64
	// Time is when the change was recorded, in UTC to the microsecond.
	Time time.Time
	// Actor is who made the change: a person's email, or the name of a command.
	Actor string
	// Action names the change, such as "ack" or "person.add".
	Action string
	// Subject is what the change is about, such as the email of the person changed.
	Subject string
	// Data holds the details as canonical JSON.
	Data []byte
	// Prev is the hash of the entry before (Genesis for the first).
	Prev string
	// Hash is this entry's hash over all the fields above.
	Hash string
}

// Sum returns the hash of e as the package doc describes, over every field but Hash.
func Sum(e Entry) string {
	h := sha256.New()
	h.Write([]byte(domain))
	h.Write([]byte{0})
	for _, f := range []string{
		fmt.Sprint(e.Seq), e.Time.UTC().Format(TimeLayout), e.Actor, e.Action, e.Subject, string(e.Data), e.Prev,
	} {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Next returns the entry that follows head: it numbers e, truncates its time to the
// microsecond in UTC, links it to head and sets its hash. A store calls it inside the
// transaction that appends e, so that no other entry can come between.
func Next(head Head, e Entry) Entry {
	e.Seq = head.Seq + 1
	e.Time = e.Time.UTC().Truncate(time.Microsecond)
	e.Prev = head.Hash
	e.Hash = Sum(e)
	return e
}

// Head names the last entry of a log: its number and hash. Kept outside the database (a
// printout, a ticket, an email), it shows later that no entry up to it was removed.
type Head struct {
	Seq  uint64
	Hash string
}

// Empty is the head of a log with no entries.
var Empty = Head{Seq: 0, Hash: Genesis}

// String writes the head as SEQ:HASH, the form ParseHead reads.
func (h Head) String() string { return fmt.Sprintf("%d:%s", h.Seq, h.Hash) }

// ParseHead reads a head written as SEQ:HASH.
func ParseHead(s string) (Head, error) {
	seq, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	var h Head
	if _, err := fmt.Sscan(seq, &h.Seq); !ok || err != nil || fmt.Sprint(h.Seq) != seq || !isHash(hash) {
		return Head{}, fmt.Errorf("%q is not an audit head: write it as printed by verify, NUMBER:HASH (64 hex digits)", s)
	}
	h.Hash = strings.ToLower(hash)
	return h, nil
}

func isHash(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == sha256.Size
}

// CanonicalJSON returns v as the JSON that entries keep: compact, object keys sorted,
// numbers as written, and <, > and & left as they are, so that the same data always
// gives the same bytes and so the same hash.
func CanonicalJSON(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(generic); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
