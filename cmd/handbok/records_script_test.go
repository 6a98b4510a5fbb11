package main

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/sqlite"
	"github.com/rogpeppe/go-internal/testscript"
)

// cmdSQL is the script command "sql FILE QUERY": it runs QUERY on the SQLite file past
// handbok, as someone with the sqlite3 shell would, and prints the rows it returns,
// one a line, values separated by tabs.
func cmdSQL(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sql FILE QUERY")
	}
	db, err := sql.Open("sqlite", "file:"+ts.MkAbs(args[0])+"?_pragma=busy_timeout(10000)")
	ts.Check(err)
	defer db.Close()
	rows, err := db.Query(args[1])
	ts.Check(err)
	defer rows.Close()
	cols, err := rows.Columns()
	ts.Check(err)
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		ts.Check(rows.Scan(ptrs...))
		var out []string
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			out = append(out, fmt.Sprint(v))
		}
		fmt.Fprintln(ts.Stdout(), strings.Join(out, "\t"))
	}
	ts.Check(rows.Err())
}

// cmdAck is the script command "ack FILE EMAIL POLICY VERSION": the person acknowledges
// the policy in the records, as the server will record it.
func cmdAck(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: ack FILE EMAIL POLICY VERSION")
	}
	version, err := strconv.Atoi(args[3])
	ts.Check(err)
	s, err := sqlite.Open(context.Background(), ts.MkAbs(args[0]))
	ts.Check(err)
	defer s.Close()
	_, _, err = s.RecordAck(context.Background(), store.Acknowledgment{Email: args[1], Policy: args[2], Version: version, Revision: "rev-" + args[2], How: store.Button})
	ts.Check(err)
}

// cmdAuditHead is the script command "audithead FILE": it sets $HEAD to the head of the
// audit log that the records in FILE keep, as a person would copy it from verify.
func cmdAuditHead(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: audithead FILE")
	}
	s, err := sqlite.Open(context.Background(), ts.MkAbs(args[0]))
	ts.Check(err)
	defer s.Close()
	head, err := s.AuditHead(context.Background())
	ts.Check(err)
	ts.Setenv("HEAD", head.String())
}
