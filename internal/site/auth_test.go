package site

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestAuth: handbok.yaml's auth: is read, its proxies as networks.
func TestAuth(t *testing.T) {
	s, diags := load(t, fstest.MapFS{
		"handbok.yaml": {Data: []byte("title: H\nauth:\n  header: X-Remote-User\n  trusted_proxies: [127.0.0.1, 10.1.0.0/16, \"::1\", \"::ffff:10.0.0.1\", \"::ffff:10.2.0.0/112\"]\n  create_unknown: employee\n")},
		"content/a.md": {Data: []byte("# A\n")},
	})
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", messages(diags))
	}
	a := s.Config.Auth
	want := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.1.0.0/16"), netip.MustParsePrefix("::1/128"),
		netip.MustParsePrefix("10.0.0.1/32"), netip.MustParsePrefix("10.2.0.0/16")}
	if a.Header != "X-Remote-User" || a.CreateUnknown != "employee" || !slices.Equal(a.Proxies(), want) {
		t.Errorf("auth = %+v, proxies %v", a, a.Proxies())
	}
}

// TestAuthErrors: an auth: that would let anyone in, or cannot be read, is an error at
// the place it is written, saying what to write.
func TestAuthErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string
	}{
		{"header without proxies", "auth:\n  header: X-Remote-User\n",
			"handbok.yaml:2:11: auth.header needs trusted_proxies: list the addresses of your single-sign-on proxies"},
		{"a proxy that is not an address", "auth:\n  header: X-Remote-User\n  trusted_proxies: [127.0.0.1, proxy.example.is]\n",
			`handbok.yaml:3:32: auth.trusted_proxies: "proxy.example.is" is not an address or a network`},
		{"a role not allowed", "auth:\n  header: X-Remote-User\n  trusted_proxies: [127.0.0.1]\n  create_unknown: admin\n",
			`handbok.yaml:4:19: auth.create_unknown: "admin" is not a choice; write employee`},
		{"the cookie header", "auth:\n  header: Cookie\n  trusted_proxies: [127.0.0.1]\n",
			"handbok.yaml:2:11: auth.header: Cookie is not a header a proxy can vouch for a person with"},
		{"create_unknown without a header", "auth:\n  trusted_proxies: [127.0.0.1]\n  create_unknown: employee\n",
			"handbok.yaml:3:19: auth.create_unknown needs header"},
		{"a proxy that is not an address, without a header", "auth:\n  trusted_proxies: [nginx]\n",
			`handbok.yaml:2:21: auth.trusted_proxies: "nginx" is not an address or a network`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := load(t, fstest.MapFS{"handbok.yaml": {Data: []byte(tt.yaml)}, "content/a.md": {Data: []byte("# A\n")}})
			if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), tt.want) {
				t.Errorf("got:\n%s\nwant one: %s…", messages(diags), tt.want)
			}
		})
	}
}
