package load

import (
	"fmt"
	"net"
	"net/url"
	"time"
)

// MaxClients and MaxDuration bound every load: a generator is for a server of one's
// own, on one's own machine, not for anyone else's.
const (
	MaxClients  = 200
	MaxDuration = time.Minute
)

// CheckLoopback refuses a URL whose host is not a loopback address.
func CheckLoopback(u *url.URL) error {
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%s: only a server on a loopback address is loaded", u)
	}
	return nil
}
