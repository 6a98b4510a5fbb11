package server

import "net/http"

// refusal is what the refused layout shows: the UI text key of why a form of the
// server's pages was refused and nothing changed.
type refusal struct{ Problem string }

// parseForm reads the body of a form of the server's pages, at most limit bytes. A
// longer one is answered 413 with a page of the handbook that says so, and parseForm
// returns false.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request, limit int64) bool {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		s.draw(w, http.StatusRequestEntityTooLarge, "refused", "refused_title", refusal{Problem: "form_too_long"})
		return false
	}
	return true
}
