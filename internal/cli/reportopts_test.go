package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The report-shaping options reach the reports.
func TestReportOptionsReachTheReport(t *testing.T) {
	dir := t.TempDir()
	job := writeJob(t, dir, "r.fio", `
[global]
ioengine=null
size=16m
iodepth=4

[r]
description=the "r" job
kb_base=1000
unit_base=1
significant_figures=6
percentile_list=50:99.9:99.999
lat_percentiles=1
slat_percentiles=1
clat_percentiles=0
`)
	rc, out, stderr := runMain(t, "--output-format=normal,json", job)
	require.Equal(t, 0, rc, stderr)
	js := out[strings.Index(out, "{\n") : strings.LastIndex(out, "\n}\n")+3]
	normal := out[strings.LastIndex(out, "\n}\n")+3:]

	assert.Contains(t, out, "r: (g=0): rw=read, bs=(R) 4096B-4096B", "the header is written before the run")
	assert.Contains(t, normal, "  Description  : [the \"r\" job]\n")
	assert.Regexp(t, `BW=[0-9.]+[kMG]bit/s \([0-9.]+[KMG]ibit/s\)\(16777kB/`, normal, "bits, decimal first, six figures")
	assert.Contains(t, normal, "    slat percentiles (")
	assert.Contains(t, normal, "    lat percentiles (")
	assert.NotContains(t, normal, "    clat percentiles (")
	assert.Contains(t, normal, "| 50.000th=[")
	assert.Contains(t, normal, "99.999th=[")

	var rep struct {
		Jobs []struct {
			Desc string `json:"desc"`
		} `json:"jobs"`
	}
	require.NoError(t, json.Unmarshal([]byte(js), &rep))
	assert.Equal(t, `the "r" job`, rep.Jobs[0].Desc)
	var raw map[string]any
	require.NoError(t, json.Unmarshal([]byte(js), &raw))
	read := raw["jobs"].([]any)[0].(map[string]any)["read"].(map[string]any)
	for metric, want := range map[string]bool{"slat_ns": true, "clat_ns": false, "lat_ns": true} {
		p, ok := read[metric].(map[string]any)["percentile"].(map[string]any)
		assert.Equal(t, want, ok, metric)
		if ok {
			assert.Len(t, p, 3, metric)
			assert.Contains(t, p, "99.999000", metric)
		}
	}
}

// With group_reporting the merged entry takes its units from the first
// member and its percentile options from the last, as fio does.
func TestGroupReportingEntryOptions(t *testing.T) {
	dir := t.TempDir()
	job := writeJob(t, dir, "g.fio", `
[global]
ioengine=null
size=16m
group_reporting
[a]
kb_base=1000
[b]
percentile_list=50
`)
	rc, out, stderr := runMain(t, job)
	require.Equal(t, 0, rc, stderr)
	assert.Regexp(t, `read: IOPS=[^,]+, BW=[0-9.]+[kMG]B/s \(`, out, "decimal units from a")
	assert.Contains(t, out, "|  50th=[", "b's percentile list")
	assert.Equal(t, 1, strings.Count(out, "(groupid=0, jobs=2)"))
}
