package main

import (
	"bufio"
	"context"
	"io"

	"github.com/handbok/handbok/internal/store"
)

func runAcksExport(ctx context.Context, args []string, stdout, _ io.Writer) error {
	flags := newFlagSet("acks export", stdout)
	source, db := sourceFlag(flags), dbFlag(flags)
	workplace := flags.String("workplace", "", "only the acknowledgments of the people of the workplace with this `SLUG` (or title)")
	if err := flags.parse(args); err != nil {
		return err
	}
	slug, err := workplaceSlug(*source, *workplace)
	if err != nil {
		return err
	}
	s, err := openRecords(ctx, *db, *source)
	if err != nil {
		return err
	}
	defer s.Close()
	var acks []store.Acknowledgment
	if slug == "" {
		acks, err = s.Acks(ctx)
	} else {
		acks, err = s.AcksOfWorkplace(ctx, slug)
	}
	if err != nil {
		return err
	}
	ps, err := s.People(ctx, "")
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, p := range ps {
		names[p.Email] = p.Name
	}
	w := bufio.NewWriter(stdout)
	if err := store.WriteAcksCSV(w, acks, names); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return s.Close()
}
