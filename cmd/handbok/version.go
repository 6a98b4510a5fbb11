package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

func runVersion(_ context.Context, args []string, stdout, _ io.Writer) error {
	flags := newFlagSet("version", stdout)
	if err := flags.parse(args); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "handbok %s\n", version())
	return nil
}

// version is the module version the binary was built from, or its VCS revision.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if (v == "" || v == "(devel)") && rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		return "devel " + rev + modified
	}
	if v == "" {
		v = "(devel)"
	}
	return fmt.Sprintf("%s %s", v, info.GoVersion)
}
