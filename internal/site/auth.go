package site

import (
	"net/http"
	"net/netip"
	"strconv"
	"strings"
)

// Auth is handbok.yaml's auth: the proxies in front of handbok serve, and signing in
// through a single-sign-on proxy that names the person in a request header, believed
// only from TrustedProxies.
type Auth struct {
	// Header is the request header that carries the person's email, such as
	// X-Remote-User; "" leaves single sign-on off.
	Header string `yaml:"header"`
	// TrustedProxies are the addresses (192.0.2.10) or networks (10.0.0.0/8) of the
	// proxies in front of serve (nginx, a load balancer): their X-Forwarded-For, -Proto
	// and -Host are believed, and their Header.
	TrustedProxies []string `yaml:"trusted_proxies"`
	// CreateUnknown is "employee" to let a person the proxy names who is not in the
	// records in as an employee; "" shows them whom to ask.
	CreateUnknown string `yaml:"create_unknown"`
}

// Proxies returns the trusted proxies as networks, an address as a network of one. The
// entries are checked when handbok.yaml is loaded; any that does not read is left out.
func (a Auth) Proxies() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range a.TrustedProxies {
		if p, ok := proxyPrefix(s); ok {
			out = append(out, p)
		}
	}
	return out
}

// proxyPrefix reads an address or a network. An IPv4 address written in IPv6's form
// (::ffff:10.0.0.1) is taken as the IPv4 one, since that is how the server sees a peer.
func proxyPrefix(s string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
		}
		return p.Masked(), true
	}
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	return netip.Prefix{}, false
}

// checkAuth reports what in auth: would let the wrong people in, or cannot be read.
func (c Config) checkAuth(d *strictDecoder) {
	a := c.Auth
	c.checkProxies(d)
	if a.Header == "" {
		if a.CreateUnknown != "" {
			d.report(c.Pos("auth.create_unknown"), Error, "auth.create_unknown needs header: the request header your single-sign-on proxy puts the person's email in, such as X-Remote-User")
		}
		return
	}
	if http.CanonicalHeaderKey(a.Header) == "" || strings.ContainsAny(a.Header, " :\t") {
		d.report(c.Pos("auth.header"), Error, "auth.header: %q is not a header name; write one like X-Remote-User", a.Header)
	}
	if strings.EqualFold(a.Header, "Cookie") || strings.EqualFold(a.Header, "Authorization") || strings.EqualFold(a.Header, "Host") {
		d.report(c.Pos("auth.header"), Error, "auth.header: %s is not a header a proxy can vouch for a person with; use one like X-Remote-User", a.Header)
	}
	if len(a.TrustedProxies) == 0 {
		d.report(c.Pos("auth.header"), Error, "auth.header needs trusted_proxies: list the addresses of your single-sign-on proxies (such as [127.0.0.1]); from anywhere else anyone could send the header and be whoever they name")
	}
	switch a.CreateUnknown {
	case "", "employee":
	default:
		d.report(c.Pos("auth.create_unknown"), Error,
			"auth.create_unknown: %q is not a choice; write employee, or leave it out to turn away people who are not in the records (supervisors and administrators are made by an administrator)", a.CreateUnknown)
	}
}

// checkProxies reports the trusted proxies that are not addresses or networks.
func (c Config) checkProxies(d *strictDecoder) {
	for i, s := range c.Auth.TrustedProxies {
		if _, ok := proxyPrefix(s); !ok {
			d.report(c.Pos("auth.trusted_proxies."+strconv.Itoa(i)), Error,
				"auth.trusted_proxies: %q is not an address or a network; write one like 192.0.2.10 or 10.0.0.0/8", s)
		}
	}
}
