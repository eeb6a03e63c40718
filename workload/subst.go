package workload

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/xbench/xbench/internal/sysx"
)

// This file makes fio's substitutions in a job file's option lines
// (options.c: fio_option_dup_subs, fio_keyword_replace, bc_calc): ${VAR}
// from the environment, then the reserved words $pagesize, $mb_memory and
// $ncpus, then, when a reserved word was replaced and the line holds an
// operator, bc's arithmetic on the value. Command-line options get none of
// these, as in fio (the shell expands variables there).

// SystemValues are the values of fio's reserved words.
type SystemValues struct {
	// PageSize is $pagesize, the page size in bytes.
	PageSize uint64
	// MBMemory is $mb_memory, the physical memory in MiB.
	MBMemory uint64
	// NCPUs is $ncpus, the number of CPUs configured (online or not).
	NCPUs uint64
}

// ThisSystem reads the reserved words' values from this machine.
func ThisSystem() (SystemValues, error) {
	mem, err := sysx.PhysicalMemory()
	if err != nil {
		return SystemValues{}, err
	}
	n, err := sysx.CPUsConfigured()
	if err != nil {
		return SystemValues{}, err
	}
	return SystemValues{PageSize: uint64(sysx.PageSize()), MBMemory: mem >> 20, NCPUs: uint64(n)}, nil
}

// keywords returns the reserved words and their replacements, in the
// order fio replaces them.
func (v SystemValues) keywords() [3][2]string {
	f := func(n uint64) string { return strconv.FormatUint(n, 10) }
	return [3][2]string{{"$pagesize", f(v.PageSize)}, {"$mb_memory", f(v.MBMemory)}, {"$ncpus", f(v.NCPUs)}}
}

// substituter makes the substitutions; it reads the system's values once,
// when a line first needs them.
type substituter struct {
	// env looks a variable up; nil means os.LookupEnv.
	env func(string) (string, bool)
	// system returns the reserved words' values; nil means ThisSystem.
	system func() (SystemValues, error)
	values *SystemValues
}

// bcMaxLine and bcMaxValue are the longest line and value fio hands to
// bc; it leaves longer ones as they are.
const (
	bcMaxLine  = 127
	bcMaxValue = 100
)

// line returns an option line with fio's substitutions made.
func (s *substituter) line(text string) (string, error) {
	text = s.expandEnv(text)
	if len(text) > maxLineLen {
		return "", fmt.Errorf("line is longer than %d bytes after ${VAR} substitution", maxLineLen)
	}
	if !strings.Contains(text, "$") {
		return text, nil
	}
	replaced := false
	for _, kw := range fioKeywordNames {
		if !strings.Contains(text, kw) {
			continue
		}
		v, err := s.systemValues()
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", kw, err)
		}
		for _, r := range v.keywords() {
			if r[0] == kw {
				text = strings.ReplaceAll(text, kw, r[1])
			}
		}
		replaced = true
	}
	if !replaced || !strings.ContainsAny(text, "+-*/") || strings.Contains(text, "'") {
		return text, nil
	}
	key, value, ok := strings.Cut(text, "=")
	if !ok || len(text) > bcMaxLine || len(value) > bcMaxValue {
		return text, nil
	}
	out, err := bcCalc(value)
	if err != nil {
		return "", fmt.Errorf("fio hands %q to bc (it holds a reserved word and an operator): %v", value, err)
	}
	return key + "=" + out, nil
}

// fioKeywordNames are fio's reserved words, in the order it replaces them.
var fioKeywordNames = [...]string{"$pagesize", "$mb_memory", "$ncpus"}

// expandEnv replaces each ${VAR} by the variable's value, or by nothing
// when it is unset. As in fio, "${" without a closing "}" stays as it is,
// and the replacement is not scanned again for ${VAR}.
func (s *substituter) expandEnv(text string) string {
	if !strings.Contains(text, "${") {
		return text
	}
	lookup := s.env
	if lookup == nil {
		lookup = os.LookupEnv
	}
	var b strings.Builder
	for {
		i := strings.Index(text, "${")
		if i < 0 {
			break
		}
		end := strings.IndexByte(text[i:], '}')
		if end < 0 {
			break
		}
		b.WriteString(text[:i])
		if v, ok := lookup(text[i+2 : i+end]); ok {
			b.WriteString(v)
		}
		text = text[i+end+1:]
	}
	b.WriteString(text)
	return b.String()
}

// systemValues returns the reserved words' values, reading them once.
func (s *substituter) systemValues() (SystemValues, error) {
	if s.values != nil {
		return *s.values, nil
	}
	read := s.system
	if read == nil {
		read = ThisSystem
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	s.values = &v
	return v, nil
}
