package site

import (
	"cmp"
	"fmt"
)

// Days to acknowledge a policy: the default of handbok.yaml's acknowledge_within, and the
// most either it or a policy may give: a policy that may go unacknowledged for longer than
// a year is hardly one that staff must acknowledge, and a larger number is most likely a
// year written where days were meant (acknowledge_within: 2026).
const (
	DefaultAcknowledgeWithin = 14
	maxAcknowledgeWithin     = 365
)

// DaysToAcknowledge returns how many days staff have to acknowledge policy p: its own
// acknowledge_within, else the handbook's.
func (c Config) DaysToAcknowledge(p *Policy) int {
	return cmp.Or(p.AcknowledgeWithin, c.AcknowledgeWithin, DefaultAcknowledgeWithin)
}

// withinProblem says what is wrong with a number of days given as acknowledge_within,
// or "" when nothing is.
func withinProblem(days int) string {
	if days >= 1 && days <= maxAcknowledgeWithin {
		return ""
	}
	return fmt.Sprintf("acknowledge_within is the number of days staff have to acknowledge, from 1 to %d; "+
		"write a whole number such as acknowledge_within: %d", maxAcknowledgeWithin, DefaultAcknowledgeWithin)
}
