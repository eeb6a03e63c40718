package report

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The expected layout is fio's: see the fixtures in testdata/fio.
func TestPrintJSONLayout(t *testing.T) {
	root := &jsonObject{}
	root.add("fio version", "fio-3.33")
	root.add("timestamp", int64(1795691866))
	opts := root.object("global options")
	opts.add("ioengine", "null")
	jobs := &jsonArray{}
	root.add("jobs", jobs)
	job := &jsonObject{}
	job.add("jobname", "a").add("groupid", 0)
	job.object("job options")
	dir := job.object("read")
	dir.add("iops", 3276800.0).add("N", uint64(16384))
	dir.object("percentile").add("99.990000", uint64(788))
	jobs.vals = append(jobs.vals, job, &jsonObject{})
	root.add("empty", &jsonArray{})

	want := `{
  "fio version" : "fio-3.33",
  "timestamp" : 1795691866,
  "global options" : {
    "ioengine" : "null"
  },
  "jobs" : [
    {
      "jobname" : "a",
      "groupid" : 0,
      "job options" : {

      },
      "read" : {
        "iops" : 3276800.000000,
        "N" : 16384,
        "percentile" : {
          "99.990000" : 788
        }
      }
    },
    {

    }
  ],
  "empty" : [

  ]
}
`
	got := printJSON(root)
	assert.Equal(t, want, got)
	assert.True(t, json.Valid([]byte(got)))
}

func TestJSONQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{"", `""`},
		{`a"b`, `"a\"b"`},
		{`c:\dir\f`, `"c:\\dir\\f"`},
		{"/dev/nvme0n1", `"/dev/nvme0n1"`},
		{"tab\there", `"tab\there"`},
		{"line\nbreak", `"line\nbreak"`},
		{"bell\a", `"bell\u0007"`},
		{"ütf-8 ✓", `"ütf-8 ✓"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := jsonQuote(tt.in)
			assert.Equal(t, tt.want, got)
			var back string
			require.NoError(t, json.Unmarshal([]byte(got), &back))
			assert.Equal(t, tt.in, back)
		})
	}
}

func TestJSONFloat(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0.000000"},
		{67473.763118, "67473.763118"},
		{30.756897, "30.756897"},
		{100, "100.000000"},
		{0.4997224, "0.499722"},
		{1e-9, "0.000000"},
		{-2.5, "-2.500000"},
		{math.NaN(), "0.000000"},
		{math.Inf(1), "0.000000"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, jsonFloat(tt.in))
		})
	}
}
