package server

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/handbok/handbok/internal/store"
)

// endingStore is a store whose reads of acknowledgments and whose acknowledgments stop
// as they do when the request ends first, once ended is set.
type endingStore struct {
	store.Store
	ended atomic.Bool
}

func (s *endingStore) RecordAck(ctx context.Context, a store.Acknowledgment) (store.Acknowledgment, bool, error) {
	if s.ended.Load() {
		return store.Acknowledgment{}, false, context.Canceled
	}
	return s.Store.RecordAck(ctx, a)
}

func (s *endingStore) AcksOf(ctx context.Context, email string) ([]store.Acknowledgment, error) {
	if s.ended.Load() {
		return nil, context.Canceled
	}
	return s.Store.AcksOf(ctx, email)
}

// TestRequestEndedIsNoError: a request that ends before the records answer it (its
// client went away, as at the end of bench/recordsload's load) is logged as such, not
// as an error of the records.
func TestRequestEndedIsNoError(t *testing.T) {
	t.Parallel()
	onEachStore(t, testRequestEnded)
}

func testRequestEnded(t *testing.T, open storeOpener) {
	var st *endingStore
	rs := newRecordsSiteOn(t, func(t testing.TB) store.Store {
		st = &endingStore{Store: open(t)}
		return st
	}, Auth{})
	c := rs.browser(t)
	if code, _ := rs.call(t, c, "POST", "/api/session", `{"email":"anna@dalvikurbyggd.is","password":"`+testPassword+`"}`); code != http.StatusOK {
		t.Fatalf("signing in: %d", code)
	}
	st.ended.Store(true)
	rs.call(t, c, "POST", "/api/acks", `{"policy":"thjonustustefna","version":1}`)
	rs.call(t, c, "GET", "/api/me", "")
	log := rs.log.String()
	if strings.Contains(log, "level=ERROR") ||
		strings.Count(log, "the request ended before the records answered") != 2 {
		t.Errorf("the log of two requests that ended first:\n%s", log)
	}
}
