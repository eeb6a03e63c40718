package workload

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// The fuzz targets of the grammar: includes and substitution, fio's
// expressions and bc's arithmetic. Seed corpora are in
// testdata/fuzz/<FuzzName>/.

// fuzzFiles splits fuzz input into a job file and the files it may
// include: parts separated by "\n--\n" are main.fio, inc.fio, sub/b.fio.
func fuzzFiles(data []byte) map[string]string {
	names := []string{"main.fio", "inc.fio", "sub/b.fio"}
	files := map[string]string{}
	for i, part := range bytes.SplitN(data, []byte("\n--\n"), len(names)) {
		files[names[i]] = string(part)
	}
	return files
}

// checkParseError fails unless err is a one-line *ParseError naming one of
// the files.
func checkParseError(t *testing.T, err error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error is %T, not *ParseError: %v", err, err)
	}
	if pe.File == "" {
		t.Fatalf("error names no file: %q", err)
	}
	checkOneLine(t, err)
}

func FuzzParseIncludes(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		files := fuzzFiles(data)
		o := ParseOptions{Open: memOpen(files), Env: testEnv, System: testSystem}
		p, err := Load(nil, []string{"main.fio"}, o)
		if err != nil {
			checkParseError(t, err)
			return
		}
		for _, j := range p.Jobs {
			if j.NumJobs < 1 || j.IODepth < 1 || j.BS.MinBS() < 1 || (j.Size != 0 && j.BS.MinBS() > j.Size) {
				t.Fatalf("job out of range: %+v", j)
			}
			r := j.Report
			if (r.KBBase != 1024 && r.KBBase != 1000) || r.SigFigs < 1 || r.SigFigs > 10 || len(r.Percentiles) > maxPercentiles {
				t.Fatalf("report options out of range: %+v", r)
			}
		}
	})
}

func FuzzLoadArgs(f *testing.F) {
	f.Fuzz(func(t *testing.T, line string) {
		// Each word is an option: "name=value", or "name" alone.
		var args []Arg
		for w := range strings.FieldsSeq(line) {
			name, value, ok := strings.Cut(w, "=")
			args = append(args, Arg{Name: name, Value: value, HasValue: ok})
		}
		_, err := Load(args, nil, ParseOptions{Sections: []string{"b"}})
		if err != nil {
			checkOneLine(t, err)
		}
	})
}

func FuzzSubstitute(f *testing.F) {
	f.Fuzz(func(t *testing.T, line string) {
		s := &substituter{env: testEnv, system: testSystem}
		out, err := s.line(line)
		if err != nil {
			checkOneLine(t, err)
			return
		}
		if !strings.Contains(line, "${") && !strings.Contains(line, "$") && out != line {
			t.Fatalf("%q changed to %q without anything to substitute", line, out)
		}
	})
}

func FuzzExpression(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		for _, kb := range []uint64{1024, 1000} {
			v, err := sizeExpr("("+s, kb)
			if err != nil {
				checkOneLine(t, err)
			} else if v > maxNumber {
				t.Fatalf("(%s = %d", s, v)
			}
		}
		for _, unit := range []time.Duration{time.Second, time.Millisecond, time.Microsecond} {
			d, err := timeExpr("("+s, unit)
			if err != nil {
				checkOneLine(t, err)
			} else if d < 0 {
				t.Fatalf("(%s = %v", s, d)
			}
		}
	})
}

func FuzzBC(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		out, err := bcCalc(s)
		if err != nil {
			checkOneLine(t, err)
			return
		}
		// bc's output reads back as itself.
		if back, err := bcCalc(out); err != nil || back != out {
			t.Fatalf("%q = %q reads back as %q, %v", s, out, back, err)
		}
	})
}
