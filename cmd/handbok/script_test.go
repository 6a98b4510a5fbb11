package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"handbok": main, // signals and all, for the tests that run it as a process
	})
}

// TestScripts runs the CLI scripts in testdata/script: each is a small project as a txtar
// archive and the commands a user would type, asserting on output, exit codes and files.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script", RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"unzip": cmdUnzip, "sql": cmdSQL, "ack": cmdAck, "audithead": cmdAuditHead}})
}

// cmdUnzip is the script command "unzip ARCHIVE DIR": it unpacks the archive into DIR,
// as a person would before opening the copy from disk.
func cmdUnzip(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: unzip ARCHIVE DIR")
	}
	ts.Check(unzip(ts.MkAbs(args[0]), ts.MkAbs(args[1])))
}
