package bleveindex

// stampKey is where the index keeps the stamp of SetStamp.
var stampKey = []byte("stamp")

// Stamp returns what SetStamp last recorded, or "" when the index has been updated
// since, or nothing was recorded.
func (x *Index) Stamp() string { return x.stamp }

// SetStamp records stamp with the index as it now is: a caller's note of what the index
// was brought up to date with (for a handbook, the state of its files), so that a later
// process that finds the same stamp can search without comparing pages. The next
// Update that changes the index forgets it, in the same batch as its first change.
func (x *Index) SetStamp(stamp string) error {
	if err := x.idx.SetInternal(stampKey, []byte(stamp)); err != nil {
		return err
	}
	x.stamp = stamp
	return nil
}
