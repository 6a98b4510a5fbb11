package load

import (
	"testing"
	"time"
)

// TestQuarters: samples before the steady load count towards the largest alone, and
// each sample after it towards the mean of its quarter, the last instant in the last.
func TestQuarters(t *testing.T) {
	s := func(at int, rss int64) sample { return sample{time.Duration(at) * time.Second, rss} }
	samples := []sample{s(0, 900), s(1, 100), s(2, 300), s(3, 10), s(4, 20), s(5, 30), s(6, 40), s(7, 50), s(8, 60), s(9, 70)}
	r := quarters(samples, 2*time.Second, 10*time.Second)
	if want := [4]int64{155, 25, 45, 65}; r.QuartersKB != want || r.SampledMaxKB != 900 || r.Samples != len(samples) {
		t.Errorf("quarters = %v, largest %d of %d samples; want %v, 900 of %d", r.QuartersKB, r.SampledMaxKB, r.Samples, want, len(samples))
	}
}
