package server

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestThrottleBounded: someone trying ever new accounts cannot grow the throttle's
// memory past its bound, even when every account is still counting tries.
func TestThrottleBounded(t *testing.T) {
	th := newSignInThrottle()
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	for i := range 3 * maxThrottled {
		th.try(fmt.Sprintf("p%d@example.is", i), fmt.Sprintf("10.%d.%d.%d:1234", i>>16&255, i>>8&255, i&255), now)
	}
	if n := len(th.accounts); n > maxThrottled {
		t.Errorf("%d accounts remembered, want at most %d", n, maxThrottled)
	}
	if n := len(th.addresses); n > maxThrottled {
		t.Errorf("%d addresses remembered, want at most %d", n, maxThrottled)
	}
}

// TestAddressKey: tries are counted per IPv4 address and per IPv6 /64, the block one
// household or office is given.
func TestAddressKey(t *testing.T) {
	for remote, want := range map[string]string{
		"192.0.2.7:5000":              "192.0.2.7",
		"[::ffff:192.0.2.7]:5000":     "192.0.2.7",
		"[2001:db8:1:2:aaaa::1]:5000": "2001:db8:1:2::/64",
		"[2001:db8:1:2:bbbb::9]:443":  "2001:db8:1:2::/64",
		"[2001:db8:1:3::1]:443":       "2001:db8:1:3::/64",
	} {
		if got := addressKey(remote); got != want {
			t.Errorf("addressKey(%s) = %s, want %s", remote, got, want)
		}
	}
}

// TestThrottleConcurrent: tries made at the same moment from many goroutines take the
// throttle's tries exactly once each: of many accounts tried at once from one address,
// exactly the address's burst get through, and of one account tried at once from many
// addresses, exactly the account's.
func TestThrottleConcurrent(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	count := func(tries int, try func(i int) (time.Duration, func())) int {
		var wg sync.WaitGroup
		var through atomic.Int32
		start := make(chan struct{})
		for i := range tries {
			wg.Go(func() {
				<-start
				if _, giveBack := try(i); giveBack != nil {
					through.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		return int(through.Load())
	}
	th := newSignInThrottle()
	if n := count(4*addressBurst, func(i int) (time.Duration, func()) {
		return th.try(fmt.Sprintf("p%d@example.is", i), "192.0.2.7:1234", now)
	}); n != addressBurst {
		t.Errorf("%d accounts tried at once from one address got through, want %d", n, addressBurst)
	}
	th = newSignInThrottle()
	if n := count(4*accountBurst, func(i int) (time.Duration, func()) {
		return th.try("anna@example.is", fmt.Sprintf("192.0.2.%d:1234", i), now)
	}); n != accountBurst {
		t.Errorf("%d tries of one account at once from many addresses got through, want %d", n, accountBurst)
	}
}
