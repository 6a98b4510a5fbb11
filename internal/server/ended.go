package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
)

// requestEnded answers a request whose records work stopped because the request ended
// first: its client went away (a closed tab, a phone out of reach) or the server is
// stopping. That is no failure of the records, so it is logged as information, not as
// an error that would send someone to look at a database that is fine. It reports
// whether err was that.
func requestEnded(w http.ResponseWriter, doing string, err error, log *slog.Logger) bool {
	if !errors.Is(err, context.Canceled) {
		return false
	}
	log.Info("records: the request ended before the records answered", "doing", doing)
	writeError(w, http.StatusServiceUnavailable, "the request ended before the records answered")
	return true
}
