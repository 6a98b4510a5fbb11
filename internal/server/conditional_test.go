package server

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// fetch asks for url without following redirects; header holds name, value pairs.
func fetch(t *testing.T, url string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// TestConditional: the gzipped and the plain page are different representations with
// different validators, and a browser's copy of either is revalidated by If-None-Match
// (lists, "*", weak comparison) or, without it, by If-Modified-Since, gzipped or not.
// Every 304 says that the answer varies with Accept-Encoding.
func TestConditional(t *testing.T) {
	for _, mode := range []struct {
		name   string
		reload *Reload
	}{{"production", nil}, {"watch mode", NewReload()}} {
		t.Run(mode.name, func(t *testing.T) {
			srv := newServer(t, &Server{Dir: site(t), Reload: mode.reload})
			url := srv.URL + "/index.html"
			plain := fetch(t, url)
			zipped := fetch(t, url, "Accept-Encoding", "gzip")
			if zipped.Header.Get("Content-Encoding") != "gzip" || plain.Header.Get("Content-Encoding") != "" {
				t.Fatalf("Content-Encoding: gzipped %q, plain %q", zipped.Header.Get("Content-Encoding"), plain.Header.Get("Content-Encoding"))
			}
			etag, zetag := plain.Header.Get("ETag"), zipped.Header.Get("ETag")
			if etag == "" || strings.TrimPrefix(etag, "W/") == strings.TrimPrefix(zetag, "W/") {
				t.Fatalf("ETag plain %s, gzipped %s: they must differ", etag, zetag)
			}
			if mode.reload != nil && !strings.HasPrefix(etag, "W/") {
				t.Errorf("a page with the reload script added has the file's strong ETag %s", etag)
			}
			later := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
			earlier := time.Now().Add(-24 * time.Hour).UTC().Format(http.TimeFormat)
			const gz = "gzip"
			for _, c := range []struct {
				name   string
				header []string
				want   int
			}{
				{"If-None-Match, plain", []string{"If-None-Match", etag}, 304},
				{"If-None-Match, gzipped", []string{"Accept-Encoding", gz, "If-None-Match", zetag}, 304},
				{"the plain ETag for the gzipped page", []string{"Accept-Encoding", gz, "If-None-Match", etag}, 200},
				{"the gzipped ETag for the plain page", []string{"If-None-Match", zetag}, 200},
				{"a list", []string{"If-None-Match", `"nope", ` + etag}, 304},
				{"a list in two fields", []string{"If-None-Match", `"nope"`, "If-None-Match", etag}, 304},
				{"a list, gzipped", []string{"Accept-Encoding", gz, "If-None-Match", `W/"x", ` + zetag + `, "y"`}, 304},
				{"*", []string{"If-None-Match", "*"}, 304},
				{"*, gzipped", []string{"Accept-Encoding", gz, "If-None-Match", "*"}, 304},
				{"weak comparison", []string{"If-None-Match", "W/" + strings.TrimPrefix(etag, "W/")}, 304},
				{"no match", []string{"If-None-Match", `"nope"`}, 200},
				{"If-Modified-Since, plain", []string{"If-Modified-Since", later}, 304},
				{"If-Modified-Since, gzipped", []string{"Accept-Encoding", gz, "If-Modified-Since", later}, 304},
				{"modified since, gzipped", []string{"Accept-Encoding", gz, "If-Modified-Since", earlier}, 200},
				{"If-None-Match decides over If-Modified-Since", []string{"Accept-Encoding", gz, "If-None-Match", `"nope"`, "If-Modified-Since", later}, 200},
			} {
				res := fetch(t, url, c.header...)
				if res.StatusCode != c.want {
					t.Errorf("%s: %d, want %d", c.name, res.StatusCode, c.want)
				}
				if res.StatusCode == http.StatusNotModified && res.Header.Get("Vary") != "Accept-Encoding" {
					t.Errorf("%s: a 304 with Vary %q", c.name, res.Header.Get("Vary"))
				}
			}
		})
	}
}

// TestAcceptEncoding: gzip only when the browser takes it, by name or by "*", with a
// weight above zero.
func TestAcceptEncoding(t *testing.T) {
	srv := newServer(t, &Server{Dir: site(t)})
	for value, want := range map[string]bool{
		"gzip":                   true,
		"GZip":                   true,
		"br, gzip;q=0.5":         true,
		"gzip ; q=1.0":           true,
		"*":                      true,
		"gzip;q=0":               false,
		"gzip;q=0.0":             false,
		"gzip; q=0.000":          false,
		"gzip;Q=0":               false,
		"br, gzip;q=0, *":        false,
		"*;q=0":                  false,
		"identity":               false,
		"br":                     false,
		"gzipx":                  false,
		"deflate, *;q=0.1, br":   true,
		"gzip;q=0.001":           true,
		"gzip;level=1;q=0":       false,
		"gzip;q=nonsense":        false,
		"gzip;q=0.5, identity":   true,
		"identity;q=0, gzip;q=0": false,
	} {
		got := fetch(t, srv.URL+"/index.html", "Accept-Encoding", value).Header.Get("Content-Encoding") == "gzip"
		if got != want {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", value, got, want)
		}
	}
}
