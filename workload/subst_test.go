package workload

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testSystem is a fixed machine for the reserved words.
func testSystem() (SystemValues, error) {
	return SystemValues{PageSize: 4096, MBMemory: 7951, NCPUs: 8}, nil
}

// testEnv is a fixed environment.
func testEnv(name string) (string, bool) {
	v, ok := map[string]string{"DEV": "/dev/nvme0n1", "BS": "8", "EMPTY": "", "KEY": "iodepth", "NC": "$ncpus", "LOOP": "${DEV}"}[name]
	return v, ok
}

func TestSubstitute(t *testing.T) {
	s := &substituter{env: testEnv, system: testSystem}
	for in, want := range map[string]string{
		"filename=${DEV}":         "filename=/dev/nvme0n1",
		"bs=${BS}k":               "bs=8k",
		"name=${UNSET}x":          "name=x", // an unset variable is empty
		"name=a${EMPTY}b":         "name=ab",
		"name=${}y":               "name=y",
		"name=${DEV":              "name=${DEV",  // no closing brace: kept
		"name=$DEV":               "name=$DEV",   // only ${VAR}
		"${KEY}=4":                "iodepth=4",   // the whole line is substituted
		"name=${LOOP}":            "name=${DEV}", // not scanned twice
		"numjobs=$ncpus":          "numjobs=8",
		"numjobs=${NC}":           "numjobs=8", // reserved words after ${VAR}
		"size=$mb_memory":         "size=7951",
		"bs=$pagesize":            "bs=4096",
		"numjobs=$ncpus*2":        "numjobs=16", // bc
		"iodepth=($ncpus+2)*4":    "iodepth=40",
		"numjobs=$ncpus/3":        "numjobs=2",      // integer division
		"iodepth=$ncpus^2%10":     "iodepth=8^2%10", // no + - * /: no bc
		"iodepth=$ncpus^2%10*1":   "iodepth=4",
		"hugepage-size=$pagesize": "hugepage-size=4096", // "-" in the key: bc prints the number back
		"name='$ncpus*2'":         "name='8*2'",         // a quote keeps bc out
		"numjobs=2*3":             "numjobs=2*3",        // no reserved word: no bc
		"numjobs=${BS}*2":         "numjobs=8*2",
		"iodepth=$ncpus$ncpus":    "iodepth=88",
		"description=" + strings.Repeat("x", 120) + "$ncpus-1": "description=" + strings.Repeat("x", 120) + "8-1", // too long for bc
	} {
		t.Run(in, func(t *testing.T) {
			got, err := s.line(in)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
}

func TestSubstituteErrors(t *testing.T) {
	s := &substituter{env: testEnv, system: testSystem}
	for in, want := range map[string]string{
		"filename=/dev/sd$ncpus-x":                  `fio hands "/dev/sd8-x" to bc`,
		"numjobs=$ncpus*1.5":                        "with a fraction",
		"numjobs=x*$ncpus":                          `unexpected "x"`, // bc reads x as a variable worth 0
		"numjobs=$ncpus/0":                          "divide by zero",
		"numjobs=$ncpus--1":                         "decrement",
		"bs=${DEV}" + strings.Repeat("${DEV}", 700): "after ${VAR} substitution",
	} {
		t.Run(in[:min(len(in), 30)], func(t *testing.T) {
			_, err := s.line(in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
		})
	}
	failing := &substituter{system: func() (SystemValues, error) { return SystemValues{}, errors.New("no sysfs") }}
	_, err := failing.line("numjobs=$ncpus")
	assert.EqualError(t, err, "reading $ncpus: no sysfs")
	got, err := failing.line("numjobs=4")
	require.NoError(t, err, "the system is read only when a line needs it")
	assert.Equal(t, "numjobs=4", got)
}

func TestThisSystem(t *testing.T) {
	v, err := ThisSystem()
	require.NoError(t, err)
	assert.Positive(t, v.PageSize)
	assert.Positive(t, v.MBMemory)
	assert.Positive(t, v.NCPUs)
}

func TestBC(t *testing.T) {
	// The results of GNU bc 1.07 with scale 0.
	for in, want := range map[string]string{
		"8*2": "16", "-2^2": "4", "2^3^2": "512", "7%-3": "1", "-7%3": "-1", "7/-2": "-3",
		"2^-1": "0", "1^-5": "1", "(-1)^-3": "-1", "(2+3)*4": "20", "3 +  4": "7", "2*-3": "-6", "10-2-3": "5", "42": "42",
	} {
		got, err := bcCalc(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for in, want := range map[string]string{
		"": "nothing to compute", "1/0": "divide by zero", "0^-1": "divide by zero", "2*1.5": "fraction",
		"x*2": `unexpected "x"`, "--2": "decrement", "2++": "increment", "(1": "unbalanced", "1)": `cannot read`,
		"2^63": "too large", "0x10": `unexpected "x"`, "1 2": "cannot read", "*": `unexpected "*"`,
		"99999999999999999999": "too large",
	} {
		_, err := bcCalc(in)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
	}
}
