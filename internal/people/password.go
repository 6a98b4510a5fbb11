package people

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Password lengths. The minimum is counted in characters, as a person counts them; the
// maximum in bytes, since it is there so that a huge password cannot keep the CPU busy.
const (
	MinPasswordChars = 10
	MaxPasswordBytes = 1024
)

// ErrPasswordTooShort and ErrPasswordTooLong are the reasons HashPassword refuses a
// password.
var (
	ErrPasswordTooShort = fmt.Errorf("the password is too short: use at least %d characters; a few words in a row are easy to remember", MinPasswordChars)
	ErrPasswordTooLong  = fmt.Errorf("the password is too long: use at most %d bytes", MaxPasswordBytes)
)

// ErrBadHash is the reason CheckPassword gives for a stored hash it cannot read.
var ErrBadHash = errors.New("not an argon2id password hash")

// argonParams are the costs of one argon2id hash.
type argonParams struct {
	memory  uint32 // KiB
	time    uint32 // passes over the memory
	threads uint8
}

// currentParams are OWASP's recommended minimum for argon2id in its Password Storage
// Cheat Sheet: 19 MiB of memory, 2 iterations, 1 degree of parallelism. Hashes made with
// weaker ones are still read, and CheckPassword asks for them to be redone.
var currentParams = argonParams{memory: 19 * 1024, time: 2, threads: 1}

const (
	saltBytes = 16
	keyBytes  = 32
	// The largest costs a stored hash may ask for, so that a hash written into the
	// records by someone else cannot make every sign-in take minutes or gigabytes.
	maxMemoryKiB = 256 * 1024
	maxTime      = 16
)

var b64 = base64.RawStdEncoding

// HashPassword returns pw hashed with argon2id under a fresh random salt, as a PHC string
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash) that CheckPassword reads. It refuses a password
// shorter than MinPasswordChars or longer than MaxPasswordBytes.
func HashPassword(pw string) (string, error) {
	if len(pw) > MaxPasswordBytes {
		return "", ErrPasswordTooLong
	}
	if utf8.RuneCountInString(pw) < MinPasswordChars {
		return "", ErrPasswordTooShort
	}
	salt := make([]byte, saltBytes)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hashing a password: %w", err)
	}
	p := currentParams
	key := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, keyBytes)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw is the password encoded was made from, comparing in
// constant time. A password longer than MaxPasswordBytes is not hashed at all: no stored
// hash can have been made from it, so it does not match. rehash is true when the password matched but encoded was made with
// other costs than HashPassword uses now, so the caller should store a new hash. An
// encoded string that is not an argon2id hash this package can read is an error
// wrapping ErrBadHash.
func CheckPassword(encoded, pw string) (ok, rehash bool, err error) {
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, false, err
	}
	if len(pw) > MaxPasswordBytes {
		return false, false, nil
	}
	got := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	return true, p != currentParams || len(salt) != saltBytes || len(want) != keyBytes, nil
}

// decodeHash reads a PHC string written by HashPassword, with any costs in bounds.
func decodeHash(encoded string) (p argonParams, salt, key []byte, err error) {
	bad := func(why string) error { return fmt.Errorf("%w: %s", ErrBadHash, why) }
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, bad("want $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, bad("unknown version " + strconv.Quote(parts[2]))
	}
	if p, err = decodeParams(parts[3]); err != nil {
		return p, nil, nil, bad(err.Error())
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, bad("the salt is not base64 of at least 8 bytes")
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, bad("the hash is not base64 of 16 to 64 bytes")
	}
	return p, salt, key, nil
}

// decodeParams reads "m=…,t=…,p=…", in that order, each within the bounds argon2
// allows and this package accepts.
func decodeParams(s string) (argonParams, error) {
	var p argonParams
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return p, errors.New("want m=…,t=…,p=…")
	}
	var vals [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		v, ok := strings.CutPrefix(fields[i], name)
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil {
			return p, fmt.Errorf("want m=…,t=…,p=…, not %q", s)
		}
		vals[i] = n
	}
	p = argonParams{memory: uint32(vals[0]), time: uint32(vals[1]), threads: uint8(min(vals[2], 255))}
	switch {
	case vals[2] < 1 || vals[2] > 255:
		return p, errors.New("parallelism out of range 1–255")
	case vals[1] < 1 || vals[1] > maxTime:
		return p, fmt.Errorf("iterations out of range 1–%d", maxTime)
	case vals[0] < 8*vals[2] || vals[0] > maxMemoryKiB:
		return p, fmt.Errorf("memory out of range 8×p–%d KiB", maxMemoryKiB)
	}
	return p, nil
}
