package server

import (
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Sign-in throttles. An account takes five tries at once and then one a minute, so
// that guessing a password takes years; an address takes thirty and then one every
// six seconds, enough for a staff room behind one address and too few to try many
// accounts.
var (
	accountRate  = rate.Every(time.Minute)
	accountBurst = 5
	addressRate  = rate.Every(6 * time.Second)
	addressBurst = 30
)

// maxThrottled bounds how many accounts and addresses the throttle remembers; when it
// is reached, those whose tries are all back are forgotten.
const maxThrottled = 10000

// signInThrottle limits sign-in tries per account and per address. Every try takes a
// token from both before the password is checked, so that many tries at once cannot
// slip past; a try that succeeds gives its tokens back.
type signInThrottle struct {
	mu        sync.Mutex
	accounts  map[string]*rate.Limiter
	addresses map[string]*rate.Limiter
}

func newSignInThrottle() *signInThrottle {
	return &signInThrottle{accounts: map[string]*rate.Limiter{}, addresses: map[string]*rate.Limiter{}}
}

// try takes a try for email from remoteAddr at now. When either is out of tries, it
// takes nothing and returns how long to wait. Otherwise it returns a function that gives
// the try back, to call when the password was right.
func (t *signInThrottle) try(email, remoteAddr string, now time.Time) (wait time.Duration, giveBack func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	acc := limiter(t.accounts, email, accountRate, accountBurst, now)
	addr := limiter(t.addresses, addressKey(remoteAddr), addressRate, addressBurst, now)
	ra, rb := acc.ReserveN(now, 1), addr.ReserveN(now, 1)
	if d := max(ra.DelayFrom(now), rb.DelayFrom(now)); d > 0 {
		ra.CancelAt(now)
		rb.CancelAt(now)
		return d, nil
	}
	return 0, func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		ra.CancelAt(now)
		rb.CancelAt(now)
	}
}

// limiter returns the limiter of key in m, made when it is not there. A full map first
// forgets the limiters that are full again and, when that is not enough (someone trying
// very many accounts), half of the rest, so that memory stays bounded and the work of
// forgetting is spread over the keys added since.
func limiter(m map[string]*rate.Limiter, key string, r rate.Limit, burst int, now time.Time) *rate.Limiter {
	if l, ok := m[key]; ok {
		return l
	}
	if len(m) >= maxThrottled {
		for k, l := range m {
			if l.TokensAt(now) >= float64(l.Burst()) {
				delete(m, k)
			}
		}
		for k := range m { // in the map's random order
			if len(m) < maxThrottled/2 {
				break
			}
			delete(m, k)
		}
	}
	l := rate.NewLimiter(r, burst)
	m[key] = l
	return l
}

// addressKey is the address a try is counted against: the host, and for IPv6 its /64,
// which one household or office is given.
func addressKey(remoteAddr string) string {
	ap, err := netip.ParseAddrPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	a := ap.Addr().Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
