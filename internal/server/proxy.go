package server

import (
	"net/http"
	"net/netip"
	"strings"
)

// What a request says through the proxies in front of the server (Auth.TrustedProxies):
// their X-Forwarded-* headers are believed, anyone else's are not.

// fromProxy reports whether r came straight from a trusted proxy.
func (s *Server) fromProxy(r *http.Request) bool { return s.Auth.trusts(r.RemoteAddr) }

// clientAddr is the address of the browser that sent r, as host:port for addressKey:
// behind trusted proxies, the right-most address of X-Forwarded-For that is not one of
// them (the left-most ones are whatever the client wrote); otherwise the peer.
func (s *Server) clientAddr(r *http.Request) string {
	if !s.fromProxy(r) {
		return r.RemoteAddr
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		addr := netip.AddrPortFrom(a, 0).String()
		if !s.Auth.trusts(addr) {
			return addr
		}
	}
	return r.RemoteAddr
}

// isHTTPS reports whether the browser reached the handbook over https: directly, or
// through a trusted proxy that says so.
func (s *Server) isHTTPS(r *http.Request) bool {
	return r.TLS != nil || (s.fromProxy(r) && r.Header.Get("X-Forwarded-Proto") == "https")
}

// publicHost is the host the browser asked for: r.Host, or the first of
// X-Forwarded-Host from a trusted proxy that passes on a host of its own.
func (s *Server) publicHost(r *http.Request) string {
	if h, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Host"), ","); strings.TrimSpace(h) != "" && s.fromProxy(r) {
		return strings.TrimSpace(h)
	}
	return r.Host
}
