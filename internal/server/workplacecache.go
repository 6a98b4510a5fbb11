package server

import (
	"context"
	"sync"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// workplaceRecords keeps the people of the workplaces supervisors looked at last, with
// their acknowledgments, as they were at an audit head. Every change to a person or an
// acknowledgment appends to the audit log, so while the head is the same what was read
// still holds: a supervisor paging through a workplace of 2,000 people, or opening it
// again, costs one read of the head instead of 100,000 rows. The head is read before the
// records, so what is kept is never older than its head says.
type workplaceRecords struct {
	mu   sync.Mutex
	kept map[string]keptRecords
}

type keptRecords struct {
	head  audit.Head
	staff []people.Person
	acks  []store.Acknowledgment
}

// maxKeptWorkplaces bounds the memory: a workplace of 2,000 people keeps about 10 MB.
const maxKeptWorkplaces = 8

// read returns the people of workplace slug and their acknowledgments.
func (wr *workplaceRecords) read(ctx context.Context, st Records, slug string) ([]people.Person, []store.Acknowledgment, error) {
	head, err := st.AuditHead(ctx)
	if err != nil {
		return nil, nil, err
	}
	wr.mu.Lock()
	k, ok := wr.kept[slug]
	wr.mu.Unlock()
	if ok && k.head == head {
		return k.staff, k.acks, nil
	}
	staff, err := st.People(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	acks, err := st.AcksOfWorkplace(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	wr.mu.Lock()
	defer wr.mu.Unlock()
	if wr.kept == nil || len(wr.kept) >= maxKeptWorkplaces {
		wr.kept = map[string]keptRecords{}
	}
	wr.kept[slug] = keptRecords{head: head, staff: staff, acks: acks}
	return staff, acks, nil
}
