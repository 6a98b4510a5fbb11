package server

import (
	"io"
	"net/http"
	"time"
)

// pace is how long a client may take to receive a file: on average at least minRate
// bytes a second since the file began, plus grace. A slow client that keeps taking the
// file gets all of it, however long that takes; one that stops taking it is cut off when
// it falls behind, not when the server's WriteTimeout, meant for small answers, has
// passed. The deadline is moved on as the file goes, in pieces, rather than set once for
// the whole file, so that a client that stops early is cut off early.
//
// A piece's deadline counts all the bytes before it, not only its own: a write returns
// when its bytes are in the sockets' buffers, which may hold megabytes, so a write can
// wait for all of those to be taken first.
type pace struct {
	grace   time.Duration
	minRate int64 // bytes a second
}

const (
	// writeGrace is how much later than minWriteRate allows a file may end.
	writeGrace = 30 * time.Second
	// minWriteRate is the slowest a client may take a file at, on average, in bytes a
	// second.
	minWriteRate = 16 << 10
	// paceChunk is the most that is sent under one deadline; sendfile sends it whole.
	paceChunk = 256 << 10
)

// writer returns w, its write deadline moved on before each piece written.
func (p pace) writer(w http.ResponseWriter) http.ResponseWriter {
	return &pacedWriter{ResponseWriter: w, rc: http.NewResponseController(w), pace: p, start: time.Now()}
}

// pacedWriter is a ResponseWriter that gives each piece written its deadline.
type pacedWriter struct {
	http.ResponseWriter
	rc    *http.ResponseController
	pace  pace
	start time.Time
	sent  int64 // bytes given their time so far
}

// extend gives the next n bytes their time. Where the connection has no deadlines to
// set (a test's recorder) the server's timeouts stand.
func (w *pacedWriter) extend(n int64) {
	w.sent += n
	due := time.Duration(float64(w.sent) / float64(max(w.pace.minRate, 1)) * float64(time.Second))
	w.rc.SetWriteDeadline(w.start.Add(w.pace.grace + due))
}

func (w *pacedWriter) Write(b []byte) (int, error) {
	written := 0
	for len(b) > 0 {
		piece := b[:min(len(b), paceChunk)]
		w.extend(int64(len(piece)))
		n, err := w.ResponseWriter.Write(piece)
		written += n
		if err != nil {
			return written, err
		}
		b = b[n:]
	}
	return written, nil
}

// ReadFrom sends src in pieces, each under its deadline, keeping the connection's own
// ReadFrom (sendfile) for each: http.ServeContent sends files with it, through a
// LimitedReader, which is unwrapped here for that reason.
func (w *pacedWriter) ReadFrom(src io.Reader) (total int64, err error) {
	limit := int64(-1)
	if lr, ok := src.(*io.LimitedReader); ok {
		src, limit = lr.R, lr.N
		defer func() { lr.N -= total }()
	}
	for limit < 0 || total < limit {
		n := int64(paceChunk)
		if limit >= 0 {
			n = min(n, limit-total)
		}
		w.extend(n)
		var sent int64
		sent, err = io.Copy(w.ResponseWriter, &io.LimitedReader{R: src, N: n})
		total += sent
		if err != nil || sent < n {
			return total, err
		}
	}
	return total, nil
}

// Unwrap lets http.ResponseController reach the connection.
func (w *pacedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
