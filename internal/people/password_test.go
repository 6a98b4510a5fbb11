package people

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

const goodPassword = "réttur hestur rafhlaða"

func TestHashPasswordRoundTrip(t *testing.T) {
	enc, err := HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if want := "$argon2id$v=19$m=19456,t=2,p=1$"; !strings.HasPrefix(enc, want) {
		t.Errorf("hash %q does not start %q", enc, want)
	}
	ok, rehash, err := CheckPassword(enc, goodPassword)
	if !ok || rehash || err != nil {
		t.Errorf("right password: ok %v, rehash %v, err %v", ok, rehash, err)
	}
	for _, wrong := range []string{"", "réttur hestur rafhlaðA", goodPassword + " ", strings.Repeat("x", MaxPasswordBytes+1)} {
		if ok, _, err := CheckPassword(enc, wrong); ok || err != nil {
			t.Errorf("wrong password %.20q: ok %v, err %v", wrong, ok, err)
		}
	}
}

func TestHashPasswordSalted(t *testing.T) {
	a, _ := HashPassword(goodPassword)
	b, _ := HashPassword(goodPassword)
	if a == b || a == "" {
		t.Errorf("the same password hashed twice gave %q and %q: the salt is not random", a, b)
	}
}

func TestHashPasswordLength(t *testing.T) {
	// Ten characters, fewer than twenty bytes: counted as a person counts.
	if _, err := HashPassword("þæöðáíúýéó"); err != nil {
		t.Errorf("ten Icelandic letters: %v", err)
	}
	if _, err := HashPassword("þæöðáíúýé"); !errors.Is(err, ErrPasswordTooShort) {
		t.Errorf("nine letters: %v, want ErrPasswordTooShort", err)
	}
	if _, err := HashPassword(strings.Repeat("a", MaxPasswordBytes)); err != nil {
		t.Errorf("%d bytes: %v", MaxPasswordBytes, err)
	}
	if _, err := HashPassword(strings.Repeat("a", MaxPasswordBytes+1)); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("%d bytes: %v, want ErrPasswordTooLong", MaxPasswordBytes+1, err)
	}
}

// hashWith encodes pw under the given costs, as an older or later handbok would have.
func hashWith(pw string, m, t uint32, p uint8, saltLen, keyLen int) string {
	salt := []byte(strings.Repeat("s", saltLen))
	key := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(keyLen))
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", m, t, p,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

func TestCheckPasswordOtherParameters(t *testing.T) {
	for name, enc := range map[string]string{
		"weaker":       hashWith(goodPassword, 8*1024, 1, 1, 16, 32),
		"stronger":     hashWith(goodPassword, 32*1024, 3, 2, 16, 32),
		"shorter salt": hashWith(goodPassword, 19*1024, 2, 1, 8, 32),
		"shorter key":  hashWith(goodPassword, 19*1024, 2, 1, 16, 16),
	} {
		ok, rehash, err := CheckPassword(enc, goodPassword)
		if !ok || !rehash || err != nil {
			t.Errorf("%s: ok %v, rehash %v, err %v; want a match that asks to be redone", name, ok, rehash, err)
		}
		if ok, _, _ := CheckPassword(enc, "annað lykilorð"); ok {
			t.Errorf("%s: a wrong password matched", name)
		}
	}
	if _, rehash, _ := CheckPassword(hashWith(goodPassword, 19*1024, 2, 1, 16, 32), goodPassword); rehash {
		t.Error("a hash with today's costs asks to be redone")
	}
}

func TestCheckPasswordTampered(t *testing.T) {
	enc, _ := HashPassword(goodPassword)
	i := strings.LastIndexByte(enc, '$')
	salt, key := enc[strings.LastIndexByte(enc[:i], '$')+1:i], enc[i+1:]
	flip := func(s string) string {
		b, _ := base64.RawStdEncoding.DecodeString(s)
		b[0] ^= 1
		return base64.RawStdEncoding.EncodeToString(b)
	}
	for name, tampered := range map[string]string{
		"hash":  strings.Replace(enc, key, flip(key), 1),
		"salt":  strings.Replace(enc, salt, flip(salt), 1),
		"costs": strings.Replace(enc, "t=2", "t=3", 1),
	} {
		if ok, _, err := CheckPassword(tampered, goodPassword); ok || err != nil {
			t.Errorf("tampered %s: ok %v, err %v", name, ok, err)
		}
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	enc, _ := HashPassword(goodPassword)
	for _, bad := range []string{
		"",
		goodPassword,
		"$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
		"$2a$10$abcdefghijklmnopqrstuu",
		strings.Replace(enc, "v=19", "v=16", 1),
		strings.Replace(enc, "m=19456,t=2,p=1", "t=2,m=19456,p=1", 1),
		strings.Replace(enc, "m=19456,t=2,p=1", "m=19456,t=2", 1),
		strings.Replace(enc, "p=1", "p=0", 1),
		strings.Replace(enc, "p=1", "p=256", 1),
		strings.Replace(enc, "t=2", "t=0", 1),
		strings.Replace(enc, "t=2", "t=99", 1),
		strings.Replace(enc, "m=19456", "m=4", 1),
		strings.Replace(enc, "m=19456", "m=99999999", 1),
		strings.Replace(enc, "m=19456", "m=-1", 1),
		enc + "$",
		enc[:strings.LastIndexByte(enc, '$')] + "$!!!",
		enc[:strings.LastIndexByte(enc, '$')] + "$YQ",
		"$argon2id$v=19$m=19456,t=2,p=1$$" + enc[strings.LastIndexByte(enc, '$')+1:],
	} {
		ok, _, err := CheckPassword(bad, goodPassword)
		if ok || !errors.Is(err, ErrBadHash) {
			t.Errorf("%q: ok %v, err %v; want ErrBadHash", bad, ok, err)
		}
	}
}

// FuzzCheckPassword checks that no stored string, however broken, makes CheckPassword
// panic or match a password it was not made from. In the normal test run only the seeds
// run.
func FuzzCheckPassword(f *testing.F) {
	weak := hashWith(goodPassword, 8, 1, 1, 16, 32)
	f.Add(weak, goodPassword)
	f.Add(weak, "")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", "x")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$$", "x")
	f.Add("$argon2id$v=19$m=,t=,p=$c2FsdA$aGFzaA", "x")
	f.Add("$$$$$", "")
	f.Fuzz(func(t *testing.T, enc, pw string) {
		if p, _, _, err := decodeHash(enc); err == nil && uint64(p.memory)*uint64(p.time) > 64*1024 {
			t.Skip("costs too high to try many of")
		}
		ok, _, err := CheckPassword(enc, pw)
		if ok && err != nil {
			t.Fatalf("matched with an error: %v", err)
		}
		if ok && enc == weak && pw != goodPassword {
			t.Fatalf("%q matched the hash of %q", pw, goodPassword)
		}
	})
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword(goodPassword); err != nil {
			b.Fatal(err)
		}
	}
}
