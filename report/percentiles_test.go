package report

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/stats"
)

// Each case feeds the nanosecond values fio wrote in its JSON to the block
// writer and expects the block fio printed in its normal report for the
// same run (testdata/fio).
func TestWritePercentilesMatchesFio(t *testing.T) {
	tests := []struct {
		name      string
		metric    string
		points    []float64
		precision int
		vals      []uint64
		want      string
	}{
		{"uring clat usec", "clat", DefaultPercentiles, 2,
			[]uint64{333824, 362496, 382976, 403456, 423936, 440320, 452608, 468992, 489472, 514048, 700416, 1482752, 2113536, 2375680, 3555328, 3620864, 9895936},
			`    clat percentiles (usec):
     |  1.00th=[  334],  5.00th=[  363], 10.00th=[  383], 20.00th=[  404],
     | 30.00th=[  424], 40.00th=[  441], 50.00th=[  453], 60.00th=[  469],
     | 70.00th=[  490], 80.00th=[  515], 90.00th=[  701], 95.00th=[ 1483],
     | 99.00th=[ 2114], 99.50th=[ 2376], 99.90th=[ 3556], 99.95th=[ 3621],
     | 99.99th=[ 9896]
`},
		{"net clat msec", "clat", DefaultPercentiles, 2,
			[]uint64{3227648, 3358720, 3620864, 4489216, 5013504, 5799936, 6258688, 6782976, 7438336, 8159232, 8716288, 9109504, 121110528, 122159104, 125304832, 125304832, 125304832},
			`    clat percentiles (msec):
     |  1.00th=[    4],  5.00th=[    4], 10.00th=[    4], 20.00th=[    5],
     | 30.00th=[    6], 40.00th=[    6], 50.00th=[    7], 60.00th=[    7],
     | 70.00th=[    8], 80.00th=[    9], 90.00th=[    9], 95.00th=[   10],
     | 99.00th=[  122], 99.50th=[  123], 99.90th=[  126], 99.95th=[  126],
     | 99.99th=[  126]
`},
		{"null clat nsec", "clat", DefaultPercentiles, 2,
			[]uint64{20, 20, 30, 40, 40, 50, 60, 70, 80, 90, 91, 652, 652, 652, 652, 652, 652},
			`    clat percentiles (nsec):
     |  1.00th=[   20],  5.00th=[   20], 10.00th=[   30], 20.00th=[   40],
     | 30.00th=[   40], 40.00th=[   50], 50.00th=[   60], 60.00th=[   70],
     | 70.00th=[   80], 80.00th=[   90], 90.00th=[   91], 95.00th=[  652],
     | 99.00th=[  652], 99.50th=[  652], 99.90th=[  652], 99.95th=[  652],
     | 99.99th=[  652]
`},
		{"custom list, precision 3", "lat", []float64{10, 50, 99, 99.999}, 3,
			[]uint64{100, 120, 161, 2128},
			`    lat percentiles (nsec):
     | 10.000th=[  100], 50.000th=[  120], 99.000th=[  161], 99.999th=[ 2128]
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			writePercentiles(&b, tt.metric, tt.points, tt.vals, tt.precision)
			assert.Equal(t, tt.want, b.String())
		})
	}
}

// Layout rules for cases the fixtures do not cover: wider value columns
// take fewer entries a line, precision 0 drops the decimal point.
func TestWritePercentilesLayout(t *testing.T) {
	tests := []struct {
		name      string
		points    []float64
		precision int
		vals      []uint64
		want      string
	}{
		{"six digit column, four a line", []float64{50, 90, 99, 99.9, 99.99}, 2,
			[]uint64{1500, 20000, 99000, 123456, 123456},
			`    clat percentiles (nsec):
     | 50.00th=[  1500], 90.00th=[ 20000], 99.00th=[ 99000], 99.90th=[123456],
     | 99.99th=[123456]
`},
		{"eight digit column, three a line", []float64{1, 50, 99, 99.9}, 2,
			[]uint64{1000, 5000, 12345678, 23456789},
			`    clat percentiles (nsec):
     |  1.00th=[    1000], 50.00th=[    5000], 99.00th=[12345678],
     | 99.90th=[23456789]
`},
		{"precision 0", []float64{50, 90}, 0,
			[]uint64{3000, 150000},
			`    clat percentiles (usec):
     |  50th=[    3],  90th=[  150]
`},
		{"usec values round up", []float64{50}, 2,
			[]uint64{100001},
			`    clat percentiles (usec):
     | 50.00th=[  101]
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			writePercentiles(&b, "clat", tt.points, tt.vals, tt.precision)
			assert.Equal(t, tt.want, b.String())
		})
	}
}

// percentileValues reports the sample at fio's rank, ceil(p/100*N): with
// 16 samples 10, 20, ... 160, the 20th percentile is the 4th sample.
func TestPercentileValuesUseFioRank(t *testing.T) {
	l := stats.NewLatency()
	for i := uint64(1); i <= 16; i++ {
		l.Record(10 * i)
	}
	points := []float64{1, 5, 10, 20, 50, 90, 95, 99.99}
	assert.Equal(t, []uint64{10, 10, 20, 40, 80, 150, 160, 160}, percentileValues(l, points))
}

func TestPercentilesNonDecreasing(t *testing.T) {
	lists := [][]float64{DefaultPercentiles, {0.1, 1, 25, 50, 75, 99, 99.9999, 100}, {100, 50, 1}}
	for seed := uint64(1); seed <= 40; seed++ {
		r := rng(seed)
		n := int(1 + r.next()%3000)
		l := sampleLatency(seed, n, r.next()%5000, 1+r.next()%5000000, int(r.next()%50))
		for _, list := range lists {
			points := sortedPercentiles(list)
			vals := percentileValues(l, points)
			for i := range vals {
				assert.GreaterOrEqual(t, vals[i], l.Min())
				assert.LessOrEqual(t, vals[i], l.Max())
				if i > 0 {
					assert.GreaterOrEqual(t, vals[i], vals[i-1], "seed %d point %g", seed, points[i])
				}
			}
			var b strings.Builder
			writePercentiles(&b, "clat", points, vals, 4)
			shown := cellRE.FindAllStringSubmatch(b.String(), -1)
			require.Len(t, shown, len(points))
			for i := 1; i < len(shown); i++ {
				a, _ := strconv.ParseUint(shown[i-1][2], 10, 64)
				c, _ := strconv.ParseUint(shown[i][2], 10, 64)
				assert.GreaterOrEqual(t, c, a)
			}
		}
	}
}

func TestSortedPercentiles(t *testing.T) {
	assert.Equal(t, []float64{1, 50, 99}, sortedPercentiles([]float64{99, 1, 50}))
	assert.Equal(t, []float64{50, 99}, sortedPercentiles([]float64{99, 50, 0, 1}), "a zero ends fio's list")
	long := make([]float64, 25)
	for i := range long {
		long[i] = float64(25 - i)
	}
	assert.Len(t, sortedPercentiles(long), 20)
	in := []float64{3, 2, 1}
	sortedPercentiles(in)
	assert.Equal(t, []float64{3, 2, 1}, in, "the job's list is not modified")
}

func TestParsePercentileList(t *testing.T) {
	tests := []struct {
		in        string
		want      []float64
		precision int
		err       bool
	}{
		{"1:5:10:20:30:40:50:60:70:80:90:95:99:99.5:99.9:99.95:99.99", DefaultPercentiles, 2, false},
		{"10:50:99:99.999", []float64{10, 50, 99, 99.999}, 3, false},
		{"50:90", []float64{50, 90}, 0, false},
		{"99.9:50", []float64{99.9, 50}, 1, false},
		{"abc", nil, 0, true},
		{"50:101", nil, 0, true},
		{"-1", nil, 0, true},
		{"", nil, 0, true},
		{strings.Repeat("1:", 20) + "1", nil, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, prec, err := ParsePercentileList(tt.in)
			if tt.err {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.precision, prec)
		})
	}
}
