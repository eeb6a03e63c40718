package workload

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKBBase(t *testing.T) {
	// fio --debug=parse shows size=2000, bs=1024 for j, and size=2000000,
	// bs=1048576 for k: kb_base is parsed first in its section, whatever
	// its place, and only the three-letter forms swap.
	jf := parse(t, "[j]\nsize=2k\nbs=1KiB\nkb_base=1000\n[k]\nsize=2MiB\nbs=1mi\n")
	j, k := jf.Jobs[0], jf.Jobs[1]
	assert.Equal(t, uint64(2000), j.Size)
	assert.Equal(t, uint64(1024), j.BS.BS[DirRead])
	assert.Equal(t, 1000, j.Report.KBBase)
	assert.Equal(t, []Setting{{"kb_base", "1000"}, {"size", "2k"}, {"bs", "1KiB"}}, j.Options, "fio lists the options in parsing order")
	assert.Equal(t, uint64(2000000), k.Size)
	assert.Equal(t, uint64(1<<20), k.BS.BS[DirRead])
	assert.Equal(t, 1024, k.Report.KBBase)

	// A global kb_base applies to the jobs below it.
	jf = parse(t, "[global]\nkb_base=1000\n[j]\nsize=1m\nbs=1MB\n")
	assert.Equal(t, uint64(1000000), jf.Jobs[0].Size)
	assert.Equal(t, uint64(1000000), jf.Jobs[0].BS.BS[DirRead])

	for _, bad := range []string{"10245", "1000x", " 1000", "0x400", "1000:5", "1k"} {
		_, err := Parse(strings.NewReader("[j]\nkb_base="+bad+"\n"), "x.fio")
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), `for option "kb_base"`, bad)
	}
}

func TestReportOptions(t *testing.T) {
	jf := parse(t, `[j]
unit_base=1
significant_figures=6
description=a "quoted" description ; comment
percentile_list=99:99.9:99.999
clat_percentiles=0
lat_percentiles=1
slat_percentiles=1
`)
	r := jf.Jobs[0].Report
	assert.Equal(t, 1, r.UnitBase)
	assert.Equal(t, 6, r.SigFigs)
	assert.Equal(t, `a "quoted" description`, r.Description)
	assert.Equal(t, []float64{99, 99.9, 99.999}, r.Percentiles)
	assert.Equal(t, 3, r.PercentilePrecision)
	assert.False(t, r.ClatPercentiles)
	assert.True(t, r.LatPercentiles)
	assert.True(t, r.SlatPercentiles)

	assert.Equal(t, 8, parse(t, "[j]\nunit_base=8\n").Jobs[0].Report.UnitBase)
	assert.Equal(t, "", parse(t, "[j]\ndescription=\n").Jobs[0].Report.Description, "fio stores an empty description")

	for _, tt := range []struct{ line, want string }{
		{"unit_base=2", `bad value "2" for option "unit_base": want one of 0, 8, 1`},
		{"significant_figures=0", `must be between 1 and 10`},
		{"significant_figures=11", `must be between 1 and 10`},
		{"description=" + strings.Repeat("d", 256), `longer than 255 bytes`},
		{"percentile_list=", `empty point`},
		{"percentile_list=1::5", `empty point`},
		{"percentile_list=101", `"101" is not between 0 and 100`},
		{"percentile_list=-1", `"-1" is not between 0 and 100`},
		{"percentile_list=99.9x", `"99.9x" is not a number`}, // fio: reads 99.9
		{"percentile_list=nan", `"nan" is not a number`},     // fio: accepts NaN
		{"percentile_list=" + strings.Repeat("1:", 20) + "1", `more than 20 points`},
		{"clat_percentiles=2", `must be 0 or 1`},
		{"lat_percentiles", `requires a value`},
	} {
		_, err := Parse(strings.NewReader("[j]\n"+tt.line+"\n"), "x.fio")
		require.Error(t, err, tt.line)
		assert.Contains(t, err.Error(), tt.want, tt.line)
	}
}

func TestParsePercentileList(t *testing.T) {
	for _, tt := range []struct {
		in        string
		points    []float64
		precision int
	}{
		{"1:5:99.5:99.999", []float64{1, 5, 99.5, 99.999}, 3},
		{"50", []float64{50}, 0},
		{" 1: 5.50 :100", []float64{1, 5.5, 100}, 2}, // fio's sscanf skips the blanks
		{"0:99", []float64{0, 99}, 0},
		{strings.Repeat("1:", 19) + "2", append(slicesRepeat(1.0, 19), 2), 0},
	} {
		points, precision, err := ParsePercentileList(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.points, points, tt.in)
		assert.Equal(t, tt.precision, precision, tt.in)
	}
}

func slicesRepeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// With group_reporting, fio requires the jobs of a group to agree on
// lat_percentiles ("fio: lat_percentiles in job: b differs from group").
func TestLatPercentilesAcrossGroup(t *testing.T) {
	files := map[string]string{
		"bad.fio": "[global]\nioengine=null\nsize=1m\n[a]\n[b]\ngroup_reporting\nlat_percentiles=1\n",
		"ok.fio":  "[global]\nioengine=null\nsize=1m\n[a]\nlat_percentiles=1\n[b]\nlat_percentiles=1\ngroup_reporting\n",
		// Only a job with group_reporting is checked, as in fio.
		"late.fio": "[global]\nioengine=null\nsize=1m\n[a]\ngroup_reporting\n[b]\nlat_percentiles=1\n",
	}
	_, err := Load(nil, []string{"bad.fio"}, ParseOptions{Open: memOpen(files)})
	assert.EqualError(t, err, `bad.fio:5: job "b": lat_percentiles differs from job "a" of its group (fio requires the same with group_reporting)`)
	_, err = Load(nil, []string{"ok.fio"}, ParseOptions{Open: memOpen(files)})
	assert.NoError(t, err)
	_, err = Load(nil, []string{"late.fio"}, ParseOptions{Open: memOpen(files)})
	assert.NoError(t, err)
}
