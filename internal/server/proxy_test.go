package server

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"
)

// TestBehindProxy: behind a trusted proxy (nginx on the same machine) the browser's
// address, scheme and host come from its X-Forwarded-* headers: each browser has its own
// sign-in tries, the cookie is Secure under https, and the Origin check knows the host
// the browser asked for. From anyone else the headers count for nothing.
func TestBehindProxy(t *testing.T) {
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	rs := newRecordsSite(t, Auth{TrustedProxies: loopback})
	c := rs.browser(t)
	wrong := func(i int, client string) int {
		code, _ := rs.call(t, c, "POST", "/api/session", fmt.Sprintf(`{"email":"p%d@dalvikurbyggd.is","password":"not it at all"}`, i),
			"X-Forwarded-For", "203.0.113.9, "+client)
		return code
	}
	for i := range addressBurst {
		if code := wrong(i, "198.51.100.1"); code != http.StatusUnauthorized {
			t.Fatalf("try %d from one browser: %d", i, code)
		}
	}
	if code := wrong(addressBurst, "198.51.100.1"); code != http.StatusTooManyRequests {
		t.Errorf("one browser past its tries: %d, want 429", code)
	}
	if code := wrong(addressBurst+1, "198.51.100.2"); code != http.StatusUnauthorized {
		t.Errorf("another browser behind the same proxy: %d, want 401 (its own tries)", code)
	}

	req, _ := http.NewRequest("POST", rs.URL+"/api/session", strings.NewReader(`{"email":"anna@dalvikurbyggd.is","password":"`+testPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-For", "198.51.100.3")
	req.Header.Set("X-Forwarded-Host", "handbok.example.is")
	req.Header.Set("Origin", "https://handbok.example.is")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Set-Cookie"), "Secure") {
		t.Errorf("signing in through the proxy under https: %d, Set-Cookie %q; want 200 and a Secure cookie", res.StatusCode, res.Header.Get("Set-Cookie"))
	}

	direct := newRecordsSite(t, Auth{})
	req, _ = http.NewRequest("POST", direct.URL+"/api/session", strings.NewReader(`{"email":"anna@dalvikurbyggd.is","password":"`+testPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-Host", "handbok.example.is")
	req.Header.Set("Origin", "https://handbok.example.is")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("X-Forwarded-Host from someone who is not a proxy: %d, want 403 for the other site's Origin", res.StatusCode)
	}
	req, _ = http.NewRequest("POST", direct.URL+"/api/session", strings.NewReader(`{"email":"anna@dalvikurbyggd.is","password":"`+testPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-Proto", "https")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || strings.Contains(res.Header.Get("Set-Cookie"), "Secure") {
		t.Errorf("X-Forwarded-Proto from someone who is not a proxy: %d, Set-Cookie %q; want 200 and no Secure", res.StatusCode, res.Header.Get("Set-Cookie"))
	}
}
