package server

import "net/http"

// routeTable is the server's ServeMux, which remembers the pattern of every route it is
// given, so that a test can go through all of them: a route added later is checked for
// the same-origin refusal without anyone remembering to add it to the test.
type routeTable struct {
	*http.ServeMux
	patterns []string
}

func newRouteTable() *routeTable { return &routeTable{ServeMux: http.NewServeMux()} }

// Handle serves pattern with h, as http.ServeMux.Handle does, and remembers pattern.
func (rt *routeTable) Handle(pattern string, h http.Handler) {
	rt.patterns = append(rt.patterns, pattern)
	rt.ServeMux.Handle(pattern, h)
}

// HandleFunc serves pattern with h, as http.ServeMux.HandleFunc does, and remembers
// pattern.
func (rt *routeTable) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	rt.Handle(pattern, http.HandlerFunc(h))
}
