package load

import (
	"context"
	"fmt"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// Password is every load person's password.
const Password = "álag á mánudagsmorgni"

// ExampleWorkplaces are the workplaces of the example handbook, among which Staff
// shares its people.
var ExampleWorkplaces = []string{"bokasafn", "dalvikurskoli", "krilakot", "skrifstofa", "sundlaug"}

// Staff returns n employees, each of one of workplaces in turn and hired a week before
// now, so that each has policies to acknowledge and checklist items of their own to
// tick.
func Staff(n int, workplaces []string, now time.Time) []people.Person {
	start := now.AddDate(0, 0, -7).UTC().Truncate(24 * time.Hour)
	staff := make([]people.Person, n)
	for i := range staff {
		staff[i] = people.Person{Email: fmt.Sprintf("alag%03d@dalvikurbyggd.is", i), Name: fmt.Sprintf("Álagsprófun %d", i),
			Role: people.Employee, Workplaces: []string{workplaces[i%len(workplaces)]}, Start: start}
	}
	return staff
}

// AddStaff puts staff in the records, each with Password. The password is hashed once:
// what a load measures is signing in, not making accounts.
func AddStaff(ctx context.Context, st store.Store, staff []people.Person) error {
	if err := st.AddPeople(ctx, "load", staff); err != nil {
		return err
	}
	hash, err := people.HashPassword(Password)
	if err != nil {
		return err
	}
	for _, p := range staff {
		if err := st.SetPasswordHash(ctx, "load", p.Email, hash); err != nil {
			return err
		}
	}
	return nil
}

// Emails returns the email addresses of staff.
func Emails(staff []people.Person) []string {
	emails := make([]string, len(staff))
	for i, p := range staff {
		emails[i] = p.Email
	}
	return emails
}
