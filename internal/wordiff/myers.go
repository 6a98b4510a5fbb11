package wordiff

// limits bound what finding one edit script may cost, so that two long texts with
// little in common cost a bounded time and memory instead of a quadratic one: the
// differ then falls back to showing the old text deleted and the new one inserted.
type limits struct {
	// maxEdits bounds the length of the edit script; the memory kept to trace it back
	// grows with its square.
	maxEdits int
	// maxWork bounds the steps taken to find it, diagonals and matched tokens together.
	maxWork int
}

// script returns a shortest edit script turning a into b, one op per step (Equal
// consumes one element of each, Delete one of a, Insert one of b), found with Myers'
// O(ND) algorithm; or false when finding it would go beyond the limits.
func (l limits) script(a, b []int32) ([]Op, bool) {
	n, m := len(a), len(b)
	maxD := min(n+m, l.maxEdits)
	off := maxD + 1
	// v[off+k] is how far along x the furthest path with d edits on diagonal k reaches;
	// trace[d] keeps v[-d..d] of each step d before the last (a slice each, so that a
	// long trace is never copied to grow).
	v := make([]int32, 2*maxD+3)
	var trace [][]int32
	work := 0
	for d := 0; d <= maxD; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1])
			} else {
				x = int(v[off+k-1]) + 1
			}
			y, x0 := x-k, x
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			work += x - x0 + 1
			v[off+k] = int32(x)
			if x >= n && y >= m {
				return backtrack(trace, d, n, m), true
			}
		}
		if work > l.maxWork {
			return nil, false
		}
		trace = append(trace, append([]int32(nil), v[off-d:off+d+1]...))
	}
	return nil, false
}

// backtrack follows the furthest paths that script traced back from (n, m), reached
// with d edits, to the start, and returns the ops in order.
func backtrack(trace [][]int32, d, n, m int) []Op {
	ops := make([]Op, 0, (n+m+d)/2)
	x, y := n, m
	for ; d > 0; d-- {
		prev := trace[d-1] // prev[k+d-1] is diagonal k
		k := x - y
		pk := k - 1
		if k == -d || (k != d && prev[k-1+d-1] < prev[k+1+d-1]) {
			pk = k + 1
		}
		px := int(prev[pk+d-1])
		py := px - pk
		for x > px && y > py {
			ops = append(ops, Equal)
			x--
			y--
		}
		if x == px {
			ops = append(ops, Insert)
		} else {
			ops = append(ops, Delete)
		}
		x, y = px, py
	}
	for ; x > 0; x-- {
		ops = append(ops, Equal)
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}
