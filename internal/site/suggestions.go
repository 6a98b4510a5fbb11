package site

// Suggestions settings: the default of stale_days, and the most it may be.
const (
	DefaultStaleDays = 14
	maxStaleDays     = 365
)

// Suggestions is handbok.yaml's suggestions: how long a suggestion may wait for an answer
// before `handbok check` and the supervisors' pages list its page as waiting too long.
type Suggestions struct {
	// StaleDays is how many days a suggestion may stay open; the default is
	// DefaultStaleDays.
	StaleDays int `yaml:"stale_days"`
}

// checkSuggestions reports what in suggestions: cannot be used; loadConfig set the
// default before it read the file.
func (c *Config) checkSuggestions(d *strictDecoder) {
	if n := c.Suggestions.StaleDays; n < 1 || n > maxStaleDays {
		d.report(c.Pos("suggestions.stale_days"), Error,
			"suggestions.stale_days is how many days a suggestion may wait for an answer before its page is listed as waiting too long, "+
				"from 1 to %d; write a whole number such as stale_days: %d (the default)", maxStaleDays, DefaultStaleDays)
	}
}
