package storetest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/store"
)

const (
	tokenHashA = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
	tokenHashB = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"
	inviteHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"
)

// testInvitation: an invitation works once, within its week: accepting it keeps the
// password and spends it, in the person's name in the audit log, which never holds the
// token's hash; a second use is ErrSpent, and the sessions the person had end.
func testInvitation(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna := staff()[0].Email
	made := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	if err := s.CreateSession(ctx, store.Session{TokenHash: "sess", Email: anna, How: store.Button,
		Created: made, LastSeen: made, Expires: made.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	inv, err := s.CreateInvitation(ctx, "bjorn@dalvikurbyggd.is", store.Invitation{TokenHash: tokenHashA, Email: anna, Created: made})
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Expires.Equal(made.Add(store.InvitationLifetime)) {
		t.Errorf("Expires = %v, want a week after %v", inv.Expires, made)
	}
	got, err := s.Invitation(ctx, tokenHashA, made.Add(time.Hour))
	if err != nil || got.Email != anna || !got.Created.Equal(made) || !got.Spent.IsZero() {
		t.Errorf("Invitation = %+v, %v", got, err)
	}
	log := entries(t, s)
	last := log[len(log)-1]
	if last.Action != store.ActionPersonInvite || last.Subject != anna || last.Actor != "bjorn@dalvikurbyggd.is" {
		t.Errorf("last audit entry %+v, want Björn inviting Anna", last)
	}
	if _, err := s.CreateInvitation(ctx, admin, store.Invitation{TokenHash: tokenHashA, Email: anna, Created: made}); !errors.Is(err, store.ErrExists) {
		t.Errorf("the same hash again: %v, want ErrExists", err)
	}

	used := made.Add(2 * time.Hour)
	p, err := s.AcceptInvitation(ctx, tokenHashA, inviteHash, used)
	if err != nil || p.Email != anna {
		t.Fatalf("AcceptInvitation = %+v, %v", p, err)
	}
	if h, err := s.PasswordHash(ctx, anna); err != nil || h != inviteHash {
		t.Errorf("PasswordHash after accepting = %q, %v", h, err)
	}
	log = entries(t, s)
	last = log[len(log)-1]
	if last.Action != store.ActionPersonPassword || last.Subject != anna || last.Actor != anna {
		t.Errorf("last audit entry %+v, want Anna setting her password", last)
	}
	for _, e := range log {
		for _, secret := range []string{tokenHashA, "argon2"} {
			if strings.Contains(string(e.Data), secret) || strings.Contains(e.Subject, secret) {
				t.Errorf("audit entry %d keeps %s: %s", e.Seq, secret, e.Data)
			}
		}
	}
	wantSession(t, s, "sess", store.ErrNotFound)
	if _, err := s.AcceptInvitation(ctx, tokenHashA, "$argon2id$other", used.Add(time.Minute)); !errors.Is(err, store.ErrSpent) {
		t.Errorf("a second use: %v, want ErrSpent", err)
	}
	if h, _ := s.PasswordHash(ctx, anna); h != inviteHash {
		t.Errorf("a spent invitation changed the password to %q", h)
	}
	if got, err := s.Invitation(ctx, tokenHashA, used); !errors.Is(err, store.ErrSpent) || !got.Spent.Equal(used) {
		t.Errorf("Invitation after use = %+v, %v; want Spent at %v and ErrSpent", got, err, used)
	}
	if _, err := s.AcceptInvitation(ctx, "never-made", inviteHash, used); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an invitation never made: %v, want ErrNotFound", err)
	}
	if _, err := s.CreateInvitation(ctx, admin, store.Invitation{TokenHash: tokenHashB, Email: "nobody@dalvikurbyggd.is", Created: made}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("inviting nobody: %v, want ErrNotFound", err)
	}
}

// testInvitationExpires: an invitation stops working a week after it was made, and when
// a newer one for the same person is made; one of a disabled person does not work.
func testInvitationExpires(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna, cecilia := staff()[0].Email, staff()[2].Email
	made := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	if _, err := s.CreateInvitation(ctx, admin, store.Invitation{TokenHash: tokenHashA, Email: anna, Created: made}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AcceptInvitation(ctx, tokenHashA, inviteHash, made.Add(store.InvitationLifetime)); !errors.Is(err, store.ErrExpired) {
		t.Errorf("at the end of its week: %v, want ErrExpired", err)
	}
	if h, _ := s.PasswordHash(ctx, anna); h != "" {
		t.Errorf("an expired invitation set the password")
	}
	// A newer invitation, made at the same moment, replaces the older one.
	if _, err := s.CreateInvitation(ctx, admin, store.Invitation{TokenHash: tokenHashB, Email: anna, Created: made}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AcceptInvitation(ctx, tokenHashA, inviteHash, made.Add(time.Hour)); !errors.Is(err, store.ErrExpired) {
		t.Errorf("the older of two: %v, want ErrExpired", err)
	}
	if _, err := s.AcceptInvitation(ctx, tokenHashB, inviteHash, made.Add(store.InvitationLifetime-time.Microsecond)); err != nil {
		t.Errorf("the newer, within its week: %v", err)
	}

	if _, err := s.CreateInvitation(ctx, admin, store.Invitation{TokenHash: "c3", Email: cecilia, Created: made}); err != nil {
		t.Fatal(err)
	}
	if err := s.DisablePerson(ctx, admin, cecilia); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AcceptInvitation(ctx, "c3", inviteHash, made.Add(time.Hour)); !errors.Is(err, store.ErrDisabled) {
		t.Errorf("a disabled person's invitation: %v, want ErrDisabled", err)
	}
	if _, err := s.CreateInvitation(ctx, admin, store.Invitation{TokenHash: "c4", Email: cecilia, Created: made}); !errors.Is(err, store.ErrDisabled) {
		t.Errorf("inviting a disabled person: %v, want ErrDisabled", err)
	}
}

// testInvitationReplacesPassword: a person who has a password gets no invitation unless
// it is a reset, which the audit entry says, without the token's hash; the password
// stands until the link is used, and using it ends every session of that person.
func testInvitationReplacesPassword(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna := staff()[0].Email
	made := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	if _, err := s.CreateInvitation(ctx, admin, store.Invitation{TokenHash: tokenHashA, Email: anna, Created: made}); err != nil {
		t.Fatal(err)
	}
	if first := entries(t, s); strings.Contains(string(first[len(first)-1].Data), "replaces_password") {
		t.Errorf("an invitation for a person without a password says it replaces one: %s", first[len(first)-1].Data)
	}
	if _, err := s.AcceptInvitation(ctx, tokenHashA, inviteHash, made.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	before := len(entries(t, s))
	if _, err := s.CreateInvitation(ctx, admin, store.Invitation{TokenHash: tokenHashB, Email: anna, Created: made.Add(2 * time.Hour)}); !errors.Is(err, store.ErrPasswordSet) {
		t.Errorf("inviting a person who has a password: %v, want ErrPasswordSet", err)
	}
	if _, err := s.Invitation(ctx, tokenHashB, made.Add(2*time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused invitation was kept: %v", err)
	}
	if n := len(entries(t, s)); n != before {
		t.Errorf("a refused invitation added %d audit entries", n-before)
	}
	if _, err := s.CreateInvitation(ctx, admin, store.Invitation{TokenHash: tokenHashB, Email: anna, Created: made.Add(2 * time.Hour), Reset: true}); err != nil {
		t.Fatalf("a reset: %v", err)
	}
	log := entries(t, s)
	last := log[len(log)-1]
	var data map[string]any
	if err := json.Unmarshal(last.Data, &data); err != nil {
		t.Fatal(err)
	}
	if last.Action != store.ActionPersonInvite || last.Actor != admin || data["replaces_password"] != true || strings.Contains(string(last.Data), tokenHashB) {
		t.Errorf("the reset's audit entry %+v, want the administrator's invitation saying it replaces a password, without the hash", last)
	}
	if h, _ := s.PasswordHash(ctx, anna); h != inviteHash {
		t.Errorf("making a reset link changed the password to %q before it was used", h)
	}
	bjorn := staff()[1].Email
	must(t, s.CreateSession(ctx, session("a1", anna, made)))
	must(t, s.CreateSession(ctx, session("a2", anna, made)))
	must(t, s.CreateSession(ctx, session("b1", bjorn, made)))
	if _, err := s.AcceptInvitation(ctx, tokenHashB, "$argon2id$reset", made.Add(3*time.Hour)); err != nil {
		t.Fatalf("using the reset link: %v", err)
	}
	if h, _ := s.PasswordHash(ctx, anna); h != "$argon2id$reset" {
		t.Errorf("the reset link set the password %q", h)
	}
	wantSession(t, s, "a1", store.ErrNotFound) // whoever knew the old password is signed out
	wantSession(t, s, "a2", store.ErrNotFound)
	wantSession(t, s, "b1", nil)
}
