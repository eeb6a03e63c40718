package report

import (
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"sort"
)

// This file solves the values of the samples between synthLatency's
// anchors: first in real numbers, blending the least and the most spread
// layouts that give the right sum, then in integers, moving single samples
// until the sum is exact and the sum of squares is as close as integers
// allow.

// fitSegments chooses segment values so that, with the fixed samples, the
// total count is f.N, the sum gives f.Mean and the sum of squares gives
// f.Stddev.
func fitSegments(segs []*segment, fixed map[uint64]uint64, f fioLat) ([]*segment, error) {
	n := float64(f.N)
	sumT := math.Round(f.Mean * n)
	m := math.Round(f.Mean)
	// Target sum of squared distances from m.
	xbar := sumT / n
	qT := (n-1)*f.Stddev*f.Stddev + n*(xbar-m)*(xbar-m)
	var fixS, fixQ float64
	for _, v := range fixed {
		fixS += float64(v)
		fixQ += (float64(v) - m) * (float64(v) - m)
	}
	if len(segs) == 0 {
		return segs, nil
	}
	s := sumT - fixS

	// Two solutions with the right sum: values pushed to the bounds (most
	// spread) and values as equal as possible (least spread); blend them.
	//
	// Most spread: raise samples from lo to hi, best first. Raising one
	// adds hi+lo to the sum of squares per unit of sum, so take the largest
	// hi+lo first, single samples first; the segment where the budget runs
	// out is split into the samples raised fully and the rest.
	order := slices.Clone(segs)
	sort.SliceStable(order, func(a, b int) bool {
		ga, gb := order[a], order[b]
		if ga.hi+ga.lo != gb.hi+gb.lo {
			return ga.hi+ga.lo > gb.hi+gb.lo
		}
		return ga.count < gb.count
	})
	rest := s
	for _, g := range segs {
		rest -= float64(g.count) * float64(g.lo)
	}
	top := map[*segment]float64{}
	for _, g := range order {
		top[g] = float64(g.lo)
		width := float64(g.hi - g.lo)
		if rest <= 0 || width == 0 {
			continue
		}
		if full := float64(g.count) * width; rest >= full {
			top[g] = float64(g.hi)
			rest -= full
			continue
		}
		if k := uint64(rest / width); k > 0 && k < g.count {
			raised := &segment{count: k, lo: g.lo, hi: g.hi}
			segs = append(segs, raised)
			top[raised] = float64(g.hi)
			g.count -= k
			rest -= float64(k) * width
		}
		if g.count > 1 {
			// Put what is left on one sample, not spread over several.
			g.count--
			part := &segment{count: 1, lo: g.lo, hi: g.hi}
			segs = append(segs, part)
			top[part] = float64(g.lo) + rest
		} else {
			top[g] += rest
		}
		rest = 0
	}
	spread := make([]float64, len(segs))
	for i, g := range segs {
		spread[i] = top[g]
	}

	// Least spread: one level L, clipped to each segment's bounds.
	flat := make([]float64, len(segs))
	lo, hi := float64(segs[0].lo), float64(segs[0].hi)
	for _, g := range segs {
		lo, hi = math.Min(lo, float64(g.lo)), math.Max(hi, float64(g.hi))
	}
	for range 200 {
		mid := (lo + hi) / 2
		var sum float64
		for _, g := range segs {
			sum += float64(g.count) * math.Min(math.Max(mid, float64(g.lo)), float64(g.hi))
		}
		if sum < s {
			lo = mid
		} else {
			hi = mid
		}
	}
	for i, g := range segs {
		flat[i] = math.Min(math.Max(lo, float64(g.lo)), float64(g.hi))
	}
	blend := func(t float64) []float64 {
		v := make([]float64, len(segs))
		for i := range v {
			v[i] = flat[i] + t*(spread[i]-flat[i])
		}
		return v
	}
	sq := func(v []float64) float64 {
		q := fixQ
		for i, g := range segs {
			q += float64(g.count) * (v[i] - m) * (v[i] - m)
		}
		return q
	}
	if q0, q1 := sq(flat), sq(spread); qT < q0-1e-9*q0-1 || qT > q1+1e-9*q1+1 {
		return nil, fmt.Errorf("cannot fit mean %f stddev %f: sum of squares %g outside [%g, %g]", f.Mean, f.Stddev, qT, q0, q1)
	}
	t0, t1 := 0.0, 1.0
	for range 200 {
		mid := (t0 + t1) / 2
		if sq(blend(mid)) < qT {
			t0 = mid
		} else {
			t1 = mid
		}
	}
	for i, v := range blend(t0) {
		g := segs[i]
		fl := math.Floor(v)
		k := uint64(math.Round(float64(g.count) * (v - fl)))
		g.vals = map[uint64]uint64{}
		if k > 0 && uint64(fl)+1 <= g.hi {
			g.vals[uint64(fl)+1] = k
		} else {
			k = 0
		}
		if g.count > k {
			g.vals[uint64(fl)] += g.count - k
		}
	}
	return segs, fixExact(segs, fixS, fixQ, sumT, qT, m, f)
}

// fixExact moves single samples until the sum is exactly sumT and the sum
// of squared distances from m is as close to qT as integers allow.
func fixExact(segs []*segment, fixS, fixQ, sumT, qT, m float64, f fioLat) error {
	s := new(big.Int).SetInt64(int64(fixS))
	q := new(big.Float).SetPrec(256).SetFloat64(fixQ)
	for _, g := range segs {
		for v, c := range g.vals {
			s.Add(s, new(big.Int).Mul(new(big.Int).SetUint64(v), new(big.Int).SetUint64(c)))
			d := new(big.Float).SetPrec(256).SetFloat64(float64(v) - m)
			d.Mul(d, d).Mul(d, new(big.Float).SetUint64(c))
			q.Add(q, d)
		}
	}
	errS := int64(sumT) - s.Int64()
	qf, _ := q.Float64()
	errQ := qT - qf
	move := func(g *segment, from, to uint64) {
		g.vals[from]--
		if g.vals[from] == 0 {
			delete(g.vals, from)
		}
		g.vals[to]++
		errQ -= (float64(to)-m)*(float64(to)-m) - (float64(from)-m)*(float64(from)-m)
	}
	// Fix the sum one sample at a time, where there is most room.
	for errS != 0 {
		var best *segment
		var bv, room uint64
		for _, g := range segs {
			for v := range g.vals {
				r := g.hi - v
				if errS < 0 {
					r = v - g.lo
				}
				if best == nil || r > room {
					best, bv, room = g, v, r
				}
			}
		}
		if best == nil || room == 0 {
			return fmt.Errorf("cannot fix sum: %d left", errS)
		}
		d := min(room, uint64(max(errS, -errS)))
		if errS > 0 {
			move(best, bv, bv+d)
			errS -= int64(d)
		} else {
			move(best, bv, bv-d)
			errS += int64(d)
		}
	}
	// Fix the sum of squares with pairs of opposite moves, which keep the
	// sum: one sample up by d and another down by d.
	type pick struct {
		g *segment
		v uint64
	}
	snapshot := func() []map[uint64]uint64 {
		c := make([]map[uint64]uint64, len(segs))
		for i, g := range segs {
			c[i] = maps.Clone(g.vals)
		}
		return c
	}
	best, bestErr := snapshot(), errQ
	tol := max(1, 1e-14*qT)
	visited := map[float64]bool{}
	for range 400 {
		if math.Abs(errQ) <= tol {
			break
		}
		var picks []pick
		for _, g := range segs {
			for v := range g.vals {
				picks = append(picks, pick{g, v})
			}
		}
		// The move that shrinks the error most; failing that, the smallest
		// one that overshoots (after which finer moves exist); failing
		// that, the smallest other one. Moves that lead back to an error
		// seen before are skipped, so the search cannot cycle.
		visited[math.Round(errQ*1000)] = true
		type choice struct {
			res  float64
			d    uint64
			a, b pick
		}
		better, over, other := choice{res: math.Abs(errQ)}, choice{res: math.Inf(1)}, choice{res: math.Inf(1)}
		for _, a := range picks {
			for _, b := range picks {
				if a == b && a.g.vals[a.v] < 2 {
					continue
				}
				dmax := min(a.g.hi-a.v, b.v-b.g.lo)
				if dmax < 1 {
					continue
				}
				gap := float64(a.v) - float64(b.v)
				cands := []float64{-gap / 2, 1}
				if disc := gap*gap + 2*errQ; disc >= 0 {
					cands = append(cands, (-gap+math.Sqrt(disc))/2, (-gap-math.Sqrt(disc))/2)
				}
				for _, c := range cands {
					for _, dd := range []float64{math.Floor(c), math.Ceil(c)} {
						d := min(uint64(max(dd, 1)), dmax)
						fd := float64(d)
						res := errQ - (2*fd*fd + 2*fd*gap)
						if visited[math.Round(res*1000)] {
							continue
						}
						ch := choice{math.Abs(res), d, a, b}
						switch {
						case ch.res < better.res:
							better = ch
						case res*errQ < 0 && ch.res < over.res:
							over = ch
						case ch.res < other.res:
							other = ch
						}
					}
				}
			}
		}
		pickd := better
		if pickd.d == 0 {
			pickd = over
		}
		if pickd.d == 0 {
			pickd = other
		}
		if pickd.d == 0 {
			break
		}
		bestD, ba, bb := pickd.d, pickd.a, pickd.b
		move(ba.g, ba.v, ba.v+bestD)
		move(bb.g, bb.v, bb.v-bestD)
		if math.Abs(errQ) < math.Abs(bestErr) {
			best, bestErr = snapshot(), errQ
		}
	}
	for i, g := range segs {
		g.vals = best[i]
	}
	errQ = bestErr
	if math.Abs(errQ) > 1e-9*qT+10 {
		return fmt.Errorf("cannot fit stddev %f: sum of squares off by %g", f.Stddev, errQ)
	}
	return nil
}
