package workload

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The seed corpora are in testdata/fuzz/<FuzzName>/.

// checkOneLine fails the test unless err is a non-empty one-line message.
func checkOneLine(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if msg == "" || strings.ContainsAny(msg, "\n\r\v\f\u0085\u2028\u2029") {
		t.Fatalf("error message is not one line: %q", msg)
	}
}

func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		jf, err := Parse(bytes.NewReader(data), "fuzz.fio")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error is %T, not *ParseError: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.fio:") {
				t.Fatalf("error does not name the file: %q", err)
			}
			checkOneLine(t, err)
			return
		}
		for _, j := range jf.Jobs {
			if j.NumJobs < 1 || j.IODepth < 1 || j.BS.MinBS() < 1 || j.BS.MaxBS() > maxBlockSize {
				t.Fatalf("job out of range: %+v", j)
			}
			for d := range NumDirs {
				if j.BS.Min[d] > j.BS.Max[d] || j.BS.Align[d] == 0 {
					t.Fatalf("bad %s block sizes: %+v", Dir(d), j.BS)
				}
			}
			if j.Size != 0 && j.BS.MinBS() > j.Size {
				t.Fatalf("bs %d > size %d", j.BS.MinBS(), j.Size)
			}
			if j.Mix.Read < 0 || j.Mix.Read > 100 || j.Batch.Submit < 1 || j.Batch.Submit > j.IODepth || j.Batch.Low > j.IODepth {
				t.Fatalf("bad mix or batching: %+v %+v", j.Mix, j.Batch)
			}
			if !slices.IsSorted(j.CPUsAllowed) || len(slices.Compact(slices.Clone(j.CPUsAllowed))) != len(j.CPUsAllowed) {
				t.Fatalf("CPU set not sorted and unique: %v", j.CPUsAllowed)
			}
			if strings.HasPrefix(j.RW.String(), "RW(") {
				t.Fatalf("bad rw %d", j.RW)
			}
			if !slices.ContainsFunc(engineChoices, func(c enumChoice[string]) bool { return c.name == j.IOEngine }) {
				t.Fatalf("bad ioengine %q", j.IOEngine)
			}
			if j.Name == "" || j.Runtime < 0 || j.RampTime < 0 || (j.TimeBased && j.Runtime == 0) {
				t.Fatalf("bad job %+v", j)
			}
		}
	})
}

func FuzzParseSize(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		for _, base := range []uint64{1024, 1000} {
			v, err := parseSize(s, base)
			if err != nil {
				checkOneLine(t, err)
				continue
			}
			if v > maxNumber {
				t.Fatalf("parseSize(%q) = %d, above %d", s, v, uint64(maxNumber))
			}
			// The plain number reads back as itself.
			back, err := parseSize(strconv.FormatUint(v, 10), base)
			if err != nil || back != v {
				t.Fatalf("%d reads back as %d, %v", v, back, err)
			}
		}
	})
}

func FuzzParseTime(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseTime(s, time.Second)
		if err != nil {
			checkOneLine(t, err)
			return
		}
		if d < 0 {
			t.Fatalf("parseTime(%q) = %v", s, d)
		}
		// The same number in microseconds reads back as itself.
		if d%time.Microsecond == 0 {
			back, err := parseTime(strconv.FormatInt(int64(d/time.Microsecond), 10)+"us", time.Second)
			if err != nil || back != d {
				t.Fatalf("%v reads back as %v, %v", d, back, err)
			}
		}
	})
}
