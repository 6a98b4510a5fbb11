package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/handbok/handbok/internal/people"
)

// mountTmpfs mounts a file system of its own, size bytes, on a new folder and returns
// the folder; it is unmounted when the test ends. Mounting needs root: without it the
// test is skipped, or fails under CI=true, which runs as root.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		msg := fmt.Sprintf("cannot mount a small file system to fill (run as root): %v %s", err, out)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fillDisk writes a file in dir until its file system has no room left, and returns a
// function that removes it.
func fillDisk(t *testing.T, dir string) func() {
	t.Helper()
	name := filepath.Join(dir, "fylling")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	// Smaller and smaller writes, down to less than a page, take what is left.
	chunk := make([]byte, 64<<10)
	for n := len(chunk); n >= 512; {
		if _, err := f.Write(chunk[:n]); errors.Is(err, syscall.ENOSPC) {
			n /= 2
		} else if err != nil {
			t.Fatalf("filling %s: %v", dir, err)
		}
	}
	f.Close()
	return func() {
		if err := os.Remove(name); err != nil {
			t.Fatal(err)
		}
	}
}

// faultPerson puts one employee with a password in the records dsn names.
func faultPerson(t *testing.T, dir, dsn, email string) {
	t.Helper()
	hash, err := people.HashPassword(crashPassword)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := openStore(ctx, dsn, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.AddPeople(ctx, "fault-test", []people.Person{{Email: email, Name: "Starfsmaður", Role: people.Employee}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPasswordHash(ctx, "fault-test", email, hash); err != nil {
		t.Fatal(err)
	}
}

// TestFullDisk: with the records' file system full, an acknowledgment is answered 503
// with a JSON error that says it was not saved and to try again, the log says why in
// one line, and nothing of it is kept; once there is room again the same server saves
// it, and the database passes SQLite's integrity check and handbok acks verify.
func TestFullDisk(t *testing.T) {
	t.Parallel()
	disk := mountTmpfs(t, "4m")
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(disk, "handbok.db")
	write(t, dir, "handbok.yaml", "title: Fullur diskur\n")
	write(t, dir, "content/_index.md", "# Fullur diskur\n")
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\nacknowledge: true\n---\nTexti.\n")
	const email = "starfsmadur@dalvik.is"
	faultPerson(t, dir, dsn, email)
	out := &syncBuffer{}
	base := startServeTo(t, dir, out, "--no-watch", "--db", dsn)
	c := client(t)
	if code, res := apiCall(t, c, "POST", base+"/api/session", fmt.Sprintf(`{"email":%q,"password":%q}`, email, crashPassword)); code != http.StatusOK {
		t.Fatalf("signing in: %d %v", code, res)
	}

	free := fillDisk(t, disk)
	code, res := apiCall(t, c, "POST", base+"/api/acks", `{"policy":"stefna","version":1}`)
	if code != http.StatusServiceUnavailable || res["error"] != "your acknowledgment was not saved; try again in a moment" {
		t.Errorf("acknowledging on a full disk: %d %v, want 503 and that it was not saved", code, res)
	}
	var logged []string
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.Contains(l, "level=ERROR") {
			logged = append(logged, l)
		}
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "an acknowledgment was not saved") || !strings.Contains(logged[0], "full") {
		t.Errorf("the log on a full disk has %d error lines, want one that says the disk is full:\n%s", len(logged), strings.Join(logged, "\n"))
	}
	if page := body(t, base+"/stefna.html"); !strings.Contains(page, "Texti.") {
		t.Error("the page is not served while the disk is full")
	}

	free()
	if code, res := apiCall(t, c, "POST", base+"/api/acks", `{"policy":"stefna","version":1}`); code != http.StatusCreated {
		t.Errorf("acknowledging once there is room: %d %v, want 201 (a new record: the first was not kept)", code, res)
	}
	if st := policyState(t, c, base, "stefna"); st["state"] != "current" {
		t.Errorf("after acknowledging once there is room: %v", st)
	}
	checkIntegrity(t, filepath.Join(disk, "handbok.db"))
	crashVerify(t, dir, dsn, 0)
}

// checkIntegrity runs SQLite's integrity check on the database at path.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var verdict string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&verdict); err != nil || verdict != "ok" {
		t.Errorf("integrity check of %s: %q %v", path, verdict, err)
	}
}

// TestRecordsUnwritableAtStart: serve started on records whose file system is read-only,
// or full, stops at once with one line that says which, where, and what to do, and
// leaves the database as it was.
func TestRecordsUnwritableAtStart(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, want string
		spoil      func(t *testing.T, disk string) (mend func())
	}{
		{"ReadOnly", "is read-only; mount it read-write", func(t *testing.T, disk string) func() {
			remount := func(how string) {
				if out, err := exec.Command("mount", "-o", "remount,"+how, disk).CombinedOutput(); err != nil {
					t.Fatalf("remount %s %s: %v %s", how, disk, err, out)
				}
			}
			remount("ro")
			return func() { remount("rw") }
		}},
		{"Full", "is full; make room on it", fillDisk},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			disk := mountTmpfs(t, "4m")
			dir := t.TempDir()
			dsn := "sqlite:" + filepath.Join(disk, "handbok.db")
			write(t, dir, "handbok.yaml", "title: Skrifvarið\n")
			write(t, dir, "content/_index.md", "# Skrifvarið\n")
			faultPerson(t, dir, dsn, "starfsmadur@dalvik.is")
			mend := tc.spoil(t, disk)
			var out, errOut strings.Builder
			code := run(context.Background(), []string{"serve", "--source", dir, "--no-watch", "--addr", "127.0.0.1:0", "--db", dsn}, &out, &errOut)
			lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
			if code == 0 || len(lines) != 1 || !strings.Contains(lines[0], disk+" "+tc.want) {
				t.Errorf("serve on records that cannot be written: exit %d, said\n%s\nwant one line saying %q of %s", code, &errOut, tc.want, disk)
			}
			mend()
			checkIntegrity(t, filepath.Join(disk, "handbok.db"))
			crashVerify(t, dir, dsn, 0)
		})
	}
}
