package workload

import (
	"math"
	"math/bits"
)

// RateGate spaces a job's IOs to its rate (rate, rate_iops,
// rate_process), as fio's rate_ddir and usec_for_io do: each direction's
// next IO is due when the bytes issued so far in that direction would have
// taken their time at the rate. A mixed pattern whose chosen direction is
// not due yet switches to the other direction if that one is due, or to
// whichever is due first. Times are nanoseconds since the epoch the caller
// keeps: the start of the job, then the end of its ramp.
type RateGate struct {
	on      bool
	bps     [NumDirs]uint64
	minBS   [NumDirs]uint64
	poisson bool
	mix     [2]uint64 // rwmix of reads and writes
	mixed   bool

	issued [NumDirs]uint64 // bytes issued per direction
	due    [NumDirs]uint64 // when the next IO of a direction is due
	last   [NumDirs]uint64 // poisson: the last IO's due time
	rng    [NumDirs]Rand
	seeds  [NumDirs]uint64
}

// newRateGate returns the gate of j, off when the job has no rate.
func newRateGate(j *Job, seeds *Seeds) RateGate {
	g := RateGate{on: j.Rate.Limited(), poisson: j.Rate.Process == RatePoisson, mixed: j.RW.Mixed()}
	g.mix = [2]uint64{uint64(j.Mix.Read), uint64(100 - j.Mix.Read)}
	for d := range NumDirs {
		g.minBS[d] = j.BS.Min[d]
		g.bps[d] = j.Rate.Bytes[d]
		if g.bps[d] == 0 {
			g.bps[d] = j.Rate.IOPS[d] * j.BS.Min[d]
		}
		g.seeds[d] = seeds[SeedPoisson+Purpose(d)]
	}
	g.Reset()
	return g
}

// On reports whether the job has a rate.
func (g *RateGate) On() bool { return g.on }

// Reset starts the gate over, as fio does at the end of the ramp.
func (g *RateGate) Reset() {
	g.issued, g.due, g.last = [NumDirs]uint64{}, [NumDirs]uint64{}, [NumDirs]uint64{}
	for d := range NumDirs {
		g.rng[d] = NewRand(g.seeds[d])
	}
}

// choose returns the direction to issue at now, starting from d, and when
// that IO is due: 0 when it is due already.
func (g *RateGate) choose(d Dir, now uint64) (Dir, uint64) {
	if !g.on || d >= NumDirs || g.due[d] <= now {
		return d, 0
	}
	if g.mixed && d < DirTrim {
		o := d ^ 1
		if g.mix[o] != 0 {
			if g.due[o] <= now {
				return o, 0
			}
			if g.due[o] < g.due[d] {
				return o, g.due[o]
			}
		}
	}
	return d, g.due[d]
}

// issue records an IO of n bytes in direction d and moves d's due time.
func (g *RateGate) issue(d Dir, n uint64) {
	if !g.on || d >= NumDirs || g.bps[d] == 0 {
		return
	}
	g.issued[d] += n
	if g.poisson {
		iops := max(g.bps[d]/g.minBS[d], 1)
		step := 1e9 / float64(iops) * -math.Log(1-g.rng[d].Float64())
		g.last[d] += uint64(step)
		g.due[d] = g.last[d]
		return
	}
	hi, lo := bits.Mul64(g.issued[d], 1e9)
	if hi >= g.bps[d] {
		g.due[d] = math.MaxUint64
		return
	}
	g.due[d], _ = bits.Div64(hi, lo, g.bps[d])
}
