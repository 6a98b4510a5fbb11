package load

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// Memory follows a server process's memory and CPU time while a load runs: its peak
// RSS is reset when the watch begins, and its RSS is sampled until Stop.
type Memory struct {
	pid        int
	start      int64 // kB
	cpuStart   int64 // clock ticks of CPU time when the watch began
	began      time.Time
	steady     atomic.Int64 // nanoseconds from began to when the steady load began
	peakBefore int64        // kB
	samples    []sample
	stoppedBy  string
	done       chan struct{}
	finished   chan struct{}
}

type sample struct {
	at  time.Duration // since the watch began
	rss int64         // kB
}

// MemoryReport is what a watch saw.
type MemoryReport struct {
	StartKB int64 `json:"rss_start_kb"`
	// PeakBeforeKB is VmHWM when the steady load began (see Memory.Steady): the most
	// the process held in what led up to it, such as everyone signing in.
	PeakBeforeKB int64 `json:"rss_peak_before_kb,omitempty"`
	// PeakKB is VmHWM after the load: the most the process held since the steady load
	// began, or, without one, since the watch began.
	PeakKB       int64 `json:"rss_peak_kb"`
	SampledMaxKB int64 `json:"rss_sampled_max_kb"`
	// QuartersKB are the mean RSS of the samples in each quarter of the steady load:
	// memory that keeps growing under a steady load shows as each quarter above the
	// one before, and memory given back after what led up to it as a first quarter
	// above the rest.
	QuartersKB [4]int64 `json:"rss_quarters_kb"`
	Samples    int      `json:"rss_samples"`
	// CPUSeconds is the process's CPU time (user and system) over the watch, which
	// the other work on a shared machine does not lengthen as it does latencies.
	CPUSeconds float64 `json:"cpu_s"`
	// StoppedBy says why the load was stopped early, when it was.
	StoppedBy string `json:"stopped_by,omitempty"`
}

// WatchMemory resets pid's peak RSS and samples its RSS every interval until Stop,
// calling cancel when it passes limit kB or cannot be read.
func WatchMemory(pid int, limit int64, every time.Duration, cancel func()) (*Memory, error) {
	if err := resetPeak(pid); err != nil {
		return nil, err
	}
	rss, err := procStatus(pid, "VmRSS")
	if err != nil {
		return nil, err
	}
	cpu, err := CPUTicks(pid)
	if err != nil {
		return nil, err
	}
	m := &Memory{pid: pid, start: rss, cpuStart: cpu, began: time.Now(), samples: []sample{{0, rss}},
		done: make(chan struct{}), finished: make(chan struct{})}
	go func() {
		defer close(m.finished)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-m.done:
				return
			case <-tick.C:
			}
			rss, err := procStatus(pid, "VmRSS")
			if err != nil {
				m.stoppedBy = err.Error()
				cancel()
				return
			}
			m.samples = append(m.samples, sample{time.Since(m.began), rss})
			if rss > limit {
				m.stoppedBy = fmt.Sprintf("RSS %d kB passed the limit", rss)
				cancel()
				return
			}
		}
	}()
	return m, nil
}

// Start is the process's RSS in kB when the watch began.
func (m *Memory) Start() int64 { return m.start }

// Steady marks the moment the steady load begins, after what leads up to it (such as
// everyone signing in): the peak until then is kept apart, and the quarters are of the
// time from then. Without it they are of the whole watch.
func (m *Memory) Steady() error {
	peak, err := procStatus(m.pid, "VmHWM")
	if err != nil {
		return err
	}
	if err := resetPeak(m.pid); err != nil {
		return err
	}
	m.peakBefore = peak
	m.steady.Store(int64(time.Since(m.began)))
	return nil
}

// Stop ends the sampling and reports what it saw.
func (m *Memory) Stop() MemoryReport {
	close(m.done)
	<-m.finished
	r := quarters(m.samples, time.Duration(m.steady.Load()), time.Since(m.began))
	r.StartKB, r.PeakBeforeKB, r.StoppedBy = m.start, m.peakBefore, m.stoppedBy
	peak, err := procStatus(m.pid, "VmHWM")
	if err != nil && r.StoppedBy == "" {
		r.StoppedBy = err.Error()
	}
	r.PeakKB = peak
	if cpu, err := CPUTicks(m.pid); err == nil {
		r.CPUSeconds = float64(cpu-m.cpuStart) / ClockTicks
	}
	return r
}

// quarters reports the largest of samples, and the mean of those in each quarter of
// the time from steady to end.
func quarters(samples []sample, steady, end time.Duration) MemoryReport {
	r := MemoryReport{Samples: len(samples)}
	var sum, n [4]int64
	q := (end - steady) / 4
	for _, s := range samples {
		r.SampledMaxKB = max(r.SampledMaxKB, s.rss)
		if s.at < steady || q <= 0 {
			continue
		}
		i := min(int((s.at-steady)/q), 3)
		sum[i] += s.rss
		n[i]++
	}
	for i := range sum {
		if n[i] > 0 {
			r.QuartersKB[i] = sum[i] / n[i]
		}
	}
	return r
}

// resetPeak resets a process's peak RSS (VmHWM) to its RSS now.
func resetPeak(pid int) error {
	clear := fmt.Sprintf("/proc/%d/clear_refs", pid)
	if err := os.WriteFile(clear, []byte("5"), 0); err != nil {
		return fmt.Errorf("resetting the peak RSS of process %d: %w", pid, err)
	}
	return nil
}

// procStatus reads a field in kB from /proc/PID/status.
func procStatus(pid int, field string) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			var kb int64
			_, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb)
			return kb, err
		}
	}
	return 0, errors.New("no " + field + " in /proc/" + fmt.Sprint(pid) + "/status")
}

// ClockTicks is Linux's USER_HZ, the unit of the times in /proc/PID/stat.
const ClockTicks = 100

// CPUTicks reads a process's user and system CPU time, in ClockTicks, from
// /proc/PID/stat.
func CPUTicks(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The fields after the command, which is in parentheses and may hold spaces:
	// state is the first, utime the 12th and stime the 13th.
	_, rest, ok := strings.Cut(string(data), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected %q", pid, data)
	}
	var user, system int64
	if _, err := fmt.Sscan(f[11]+" "+f[12], &user, &system); err != nil {
		return 0, err
	}
	return user + system, nil
}
