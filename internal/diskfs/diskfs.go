// Package diskfs opens a folder on disk as an fs.FS, as os.DirFS does, but on unix
// reads whole files in fewer system calls: a build reads every Markdown file of a
// handbook, some twice. Elsewhere it is os.DirFS and os.WriteFile.
package diskfs
