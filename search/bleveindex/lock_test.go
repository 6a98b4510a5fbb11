package bleveindex

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/handbok/handbok/search"
)

// indexed makes an index in dir that holds one page, "a", with the word "sundkort".
func indexed(t *testing.T, dir string, holder Holder) *Index {
	t.Helper()
	idx, err := Open(context.Background(), dir, search.Icelandic, Options{Holder: holder})
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Update([]search.Document{{ID: "a", Title: "Sundkort"}}, map[string]string{"a": "1"}, nil); err != nil {
		t.Fatal(err)
	}
	return idx
}

// finds reports whether idx finds page a.
func finds(t *testing.T, idx *Index) bool {
	t.Helper()
	res, err := idx.Search(context.Background(), search.Query{Text: "sundkort"})
	return err == nil && len(res) == 1 && res[0].ID == "a"
}

// openWithin opens the index in dir and fails the test if Open does not return within
// ten seconds.
func openWithin(t *testing.T, ctx context.Context, dir string, opt Options) (*Index, error) {
	t.Helper()
	type result struct {
		idx *Index
		err error
	}
	c := make(chan result, 1)
	go func() {
		idx, err := Open(ctx, dir, search.Icelandic, opt)
		c <- result{idx, err}
	}()
	select {
	case r := <-c:
		if r.idx != nil {
			t.Cleanup(func() { r.idx.Close() })
		}
		return r.idx, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("Open still waits after ten seconds")
		return nil, nil
	}
}

// stillThere opens the index in dir again, once it is free, and checks that it was not
// made anew: page a is there and needs no indexing.
func stillThere(t *testing.T, dir string) {
	t.Helper()
	idx, err := Open(context.Background(), dir, search.Icelandic, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if changed, _ := idx.Stale(map[string]string{"a": "1"}); len(changed) != 0 || !finds(t, idx) {
		t.Error("the index was made anew")
	}
}

// TestOpenInUse: while a process has the index open, another's Open waits as long as
// it is told, then says who has it, without touching the index; a holder that serves
// says where, and the wait ends at once for a holder the caller gives up on.
func TestOpenInUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	held := indexed(t, dir, Holder{Command: "handbok serve"})

	start := time.Now()
	_, err := openWithin(t, context.Background(), dir, Options{Wait: 200 * time.Millisecond})
	var locked *LockedError
	if !errors.Is(err, ErrLocked) || !errors.As(err, &locked) || time.Since(start) < 200*time.Millisecond {
		t.Fatalf("Open of an index in use: %v after %s", err, time.Since(start))
	}
	want := Holder{PID: os.Getpid(), Command: "handbok serve"}
	if locked.Holder != want || !strings.Contains(err.Error(), "in use by handbok serve (pid "+strconv.Itoa(os.Getpid())+")") {
		t.Errorf("the error names %+v: %v", locked.Holder, err)
	}

	if err := held.Announce("http://127.0.0.1:1313/"); err != nil {
		t.Fatal(err)
	}
	var waitedFor []Holder
	_, err = openWithin(t, context.Background(), dir, Options{
		Wait:    time.Hour,
		GiveUp:  func(h Holder) bool { return h.URL != "" },
		Waiting: func(h Holder) { waitedFor = append(waitedFor, h) },
	})
	want.URL = "http://127.0.0.1:1313/"
	if !errors.As(err, &locked) || locked.Holder != want || waitedFor != nil {
		t.Errorf("a holder given up on: %v, %+v; waited for %v", err, locked.Holder, waitedFor)
	}

	if !finds(t, held) {
		t.Error("the holder's index lost its page")
	}
	held.Close()
	stillThere(t, dir)
}

// TestOpenWaits: a waiting Open says once whom it waits for, and opens the index as it
// was once the holder closes it.
func TestOpenWaits(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	held := indexed(t, dir, Holder{Command: "handbok search"})
	var waitedFor []Holder
	idx, err := openWithin(t, context.Background(), dir, Options{Wait: time.Hour, Waiting: func(h Holder) {
		waitedFor = append(waitedFor, h)
		held.Close()
	}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Holder{{PID: os.Getpid(), Command: "handbok search"}}; !reflect.DeepEqual(waitedFor, want) {
		t.Errorf("waited for %+v, want %+v", waitedFor, want)
	}
	if !finds(t, idx) {
		t.Error("the index was made anew")
	}
}

// TestOpenCanceled: Open returns as soon as its context is done, and leaves the index
// in use as it is.
func TestOpenCanceled(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	held := indexed(t, dir, Holder{Command: "handbok serve"})
	ctx, cancel := context.WithCancel(context.Background())
	_, err := openWithin(t, ctx, dir, Options{Wait: time.Hour, Waiting: func(Holder) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Open canceled while it waits: %v", err)
	}
	if !finds(t, held) {
		t.Error("the holder's index lost its page")
	}
	held.Close()
	stillThere(t, dir)
}

// TestOpenBoltHeld: an index that a process has open without the lock file (a handbok
// from before it) is found in use by bbolt's own lock, and left as it is.
func TestOpenBoltHeld(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	indexed(t, dir, Holder{}).Close()
	old, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = openWithin(t, context.Background(), dir, Options{Wait: 300 * time.Millisecond})
	var locked *LockedError
	if !errors.As(err, &locked) || locked.Holder != (Holder{}) || !strings.Contains(err.Error(), "in use by another process") {
		t.Errorf("Open of an index that bbolt has locked: %v", err)
	}
	if n, err := old.DocCount(); err != nil || n != 1 {
		t.Errorf("the holder's index has %d pages (%v)", n, err)
	}
	old.Close()
	stillThere(t, dir)
}

// TestOpenRemakesUnreadable: an index that cannot be read, or that is of another
// schema, is made anew, empty and working.
func TestOpenRemakesUnreadable(t *testing.T) {
	for name, spoil := range map[string]func(t *testing.T, dir string){
		"meta":   func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "index_meta.json"), "{not json") },
		"store":  func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "store", "root.bolt"), "not bolt") },
		"schema": func(t *testing.T, dir string) { setInternal(t, dir, "schema", "handbok-1/is") },
		"hashes": func(t *testing.T, dir string) { setInternal(t, dir, "hashes", "{not json") },
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			indexed(t, dir, Holder{}).Close()
			spoil(t, dir)
			idx, err := Open(context.Background(), dir, search.Icelandic, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer idx.Close()
			if changed, _ := idx.Stale(map[string]string{"a": "1"}); len(changed) != 1 {
				t.Errorf("the index was not made anew: stale %v", changed)
			}
			if err := idx.Update([]search.Document{{ID: "a", Title: "Sundkort"}}, map[string]string{"a": "1"}, nil); err != nil || !finds(t, idx) {
				t.Errorf("the new index does not work: %v", err)
			}
		})
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// setInternal sets one of the index's own values behind handbok's back.
func setInternal(t *testing.T, dir, key, value string) {
	t.Helper()
	idx, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.SetInternal([]byte(key), []byte(value)); err != nil {
		t.Fatal(err)
	}
}
