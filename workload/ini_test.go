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
		"; top\n[global]\nbs = 4k\n\n[j]\nthread\nname=\nk=v=w\n"), "f")
	require.NoError(t, err)
	assert.Equal(t, []iniSection{
		{name: "global", file: "f", line: 2, entries: []iniEntry{
			{file: "f", line: 3, text: "bs = 4k"},
		}},
		{name: "j", file: "f", line: 5, entries: []iniEntry{
			{file: "f", line: 6, text: "thread"},
			{file: "f", line: 7, text: "name="},
			{file: "f", line: 8, text: "k=v=w"},
		}},
	}, sections)
}

func TestSplitOption(t *testing.T) {
	for _, tt := range []struct {
		text, key, value string
		hasValue         bool
	}{
		{"bs = 4k", "bs", " 4k", true},
		{"thread", "thread", "", false},
		{"name=", "name", "", true},
		{"k=v=w", "k", "v=w", true},
		{"=5", "", "5", true},
	} {
		key, value, hasValue := splitOption(tt.text)
		assert.Equal(t, []any{tt.key, tt.value, tt.hasValue}, []any{key, value, hasValue}, tt.text)
	}
}
