package workload

// This file chooses each IO's direction as fio's get_rw_ddir and
// set_rw_ddir do: a sync when one is due, the rw mix of a mixed pattern,
// the rate gate, and trim-then-write.

// direction returns the direction of the next IO on f and when it is due.
func (g *Generator) direction(f *genFile) (Dir, uint64) {
	d, due := g.rwDirection()
	if g.rw.TrimsThenWrites() {
		// A write follows each trim at the same place: trim when the
		// last write caught up with the last trim.
		if f.lastStart[DirWrite] == f.lastStart[DirTrim] {
			d = DirTrim
		} else {
			d = DirWrite
		}
	}
	return d, due
}

// rwDirection is fio's get_rw_ddir.
func (g *Generator) rwDirection() (Dir, uint64) {
	if g.rw.Writes() && !g.lastWasSync {
		w := g.issues[DirWrite]
		if g.fsync != 0 && w != 0 && w%g.fsync == 0 {
			return DirSync, 0
		}
		if g.fdatasync != 0 && w != 0 && w%g.fdatasync == 0 {
			return DirDataSync, 0
		}
	}
	var d Dir
	switch {
	case g.rw.Mixed():
		if g.issues[g.rwmixDir] >= g.rwmixIssues {
			// Draw the next direction; on a switch, stay with it for
			// a share of the IOs done in the last one.
			nd := DirWrite
			if g.mixRand.Between(1, 100) <= g.rwmix[DirRead] {
				nd = DirRead
			}
			if nd != g.rwmixDir {
				g.rwmixIssues = g.issues[g.rwmixDir] * g.rwmix[nd] / 100
			}
			g.rwmixDir = nd
		}
		d = g.rwmixDir
	case g.rw.Reads():
		d = DirRead
	case g.rw.Writes():
		d = DirWrite
	default:
		d = DirTrim
	}
	d, due := g.rate.choose(d, g.now)
	g.rwmixDir = d
	return d, due
}
