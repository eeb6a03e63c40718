package workload

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCleanLine(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		"   ":              "",
		"; comment":        "",
		"  # comment":      "",
		"bs=4k ; comment":  "bs=4k",
		"bs=4k#c;d":        "bs=4k",
		"\t bs = 4k \r":    "bs = 4k",
		"bs=4k\x01\x7f":    "bs=4k",
		"filename=/a#b":    "filename=/a",
		"[j] ; c":          "[j]",
		"name=a;b#c":       "name=a",
		"\v\fthread\t\t  ": "thread",
	} {
		t.Run(in, func(t *testing.T) {
			assert.Equal(t, want, cleanLine(in))
		})
	}
}

func TestReadINI(t *testing.T) {
	sections, err := readINI(strings.NewReader(
		"; top\n[global]\nbs = 4k\n\n[j]\nthread\nname=\ninclude x.fio\ninclude=y.fio\nk=v=w\n"), "f")
	require.NoError(t, err)
	assert.Equal(t, []iniSection{
		{name: "global", line: 2, entries: []iniEntry{
			{line: 3, key: "bs", value: " 4k", hasValue: true},
		}},
		{name: "j", line: 5, entries: []iniEntry{
			{line: 6, key: "thread"},
			{line: 7, key: "name", value: "", hasValue: true},
			{line: 8, key: "include", value: "x.fio", hasValue: true, include: true},
			{line: 9, key: "include", value: "y.fio", hasValue: true, include: true},
			{line: 10, key: "k", value: "v=w", hasValue: true},
		}},
	}, sections)
}
