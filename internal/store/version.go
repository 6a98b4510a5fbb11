package store

// PolicyVersion names one version of a policy, by the policy's id: the key of what is
// kept per version, such as when the server first served it.
type PolicyVersion struct {
	Policy  string
	Version int
}
