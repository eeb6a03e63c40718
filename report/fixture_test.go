package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// This file reads the real fio 3.33 outputs in testdata/fio (made by
// testdata/fio/gen.sh with --output-format=normal,json, so that one run's
// figures appear in both forms) and rebuilds each run as a Run: counts,
// runtimes and CPU from fio's JSON, latencies through synthLatency, pids
// and error texts from the normal text.

// fioOutput is one fixture split into its three parts.
type fioOutput struct {
	Header []string // pre-run lines, without fio's "fio:" and "note:" messages
	JSON   string
	Normal string // the normal report, from its leading blank line
}

func readFioOutput(path string) (*fioOutput, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text := string(raw)
	start := strings.Index(text, "\n{\n")
	end := strings.Index(text, "\n}\n")
	if start < 0 || end < start {
		return nil, fmt.Errorf("%s: no JSON report", path)
	}
	out := &fioOutput{JSON: text[start+1 : end+3], Normal: text[end+3:]}
	for _, line := range strings.Split(text[:start], "\n") {
		if !strings.HasPrefix(line, "fio: ") && !strings.HasPrefix(line, "note: ") {
			out.Header = append(out.Header, line)
		}
	}
	return out, nil
}

// fioJSONDoc is the part of fio's JSON report that rebuilds a run.
type fioJSONDoc struct {
	Version     string          `json:"fio version"`
	TimestampMs int64           `json:"timestamp_ms"`
	Global      json.RawMessage `json:"global options"`
	Jobs        []struct {
		Name     string             `json:"jobname"`
		GroupID  int                `json:"groupid"`
		Error    int                `json:"error"`
		Options  json.RawMessage    `json:"job options"`
		Read     fioDirDoc          `json:"read"`
		Write    fioDirDoc          `json:"write"`
		Trim     fioDirDoc          `json:"trim"`
		Runtime  uint64             `json:"job_runtime"`
		Depth    map[string]float64 `json:"iodepth_level"`
		Submit   map[string]float64 `json:"iodepth_submit"`
		Complete map[string]float64 `json:"iodepth_complete"`
		LatDepth int                `json:"latency_depth"`
		UsrCPU   float64            `json:"usr_cpu"`
		SysCPU   float64            `json:"sys_cpu"`
		Ctx      uint64             `json:"ctx"`
		Majf     uint64             `json:"majf"`
		Minf     uint64             `json:"minf"`
	} `json:"jobs"`
	Disks []struct {
		Name        string  `json:"name"`
		ReadIOs     uint64  `json:"read_ios"`
		WriteIOs    uint64  `json:"write_ios"`
		ReadMerges  uint64  `json:"read_merges"`
		WriteMerges uint64  `json:"write_merges"`
		ReadTicks   uint64  `json:"read_ticks"`
		WriteTicks  uint64  `json:"write_ticks"`
		InQueue     uint64  `json:"in_queue"`
		Util        float64 `json:"util"`
	} `json:"disk_util"`
}

type fioDirDoc struct {
	IOBytes  uint64    `json:"io_bytes"`
	TotalIOs uint64    `json:"total_ios"`
	Runtime  uint64    `json:"runtime"`
	Slat     fioLatDoc `json:"slat_ns"`
	Clat     fioLatDoc `json:"clat_ns"`
	Lat      fioLatDoc `json:"lat_ns"`
	Short    uint64    `json:"short_ios"`
	Drop     uint64    `json:"drop_ios"`
	BWMin    uint64    `json:"bw_min"`
	BWMax    uint64    `json:"bw_max"`
	BWMean   float64   `json:"bw_mean"`
	BWDev    float64   `json:"bw_dev"`
	BWN      uint64    `json:"bw_samples"`
	IOPSMin  uint64    `json:"iops_min"`
	IOPSMax  uint64    `json:"iops_max"`
	IOPSMean float64   `json:"iops_mean"`
	IOPSDev  float64   `json:"iops_stddev"`
	IOPSN    uint64    `json:"iops_samples"`
}

type fioLatDoc struct {
	Min        uint64          `json:"min"`
	Max        uint64          `json:"max"`
	Mean       float64         `json:"mean"`
	Stddev     float64         `json:"stddev"`
	N          uint64          `json:"N"`
	Percentile json.RawMessage `json:"percentile"`
}

// orderedPairs decodes a flat JSON object keeping its keys' order.
func orderedPairs(raw json.RawMessage) ([][2]string, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var pairs [][2]string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		v, err := dec.Token()
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, [2]string{k.(string), fmt.Sprint(v)})
	}
	return pairs, nil
}

func settings(raw json.RawMessage) ([]workload.Setting, error) {
	pairs, err := orderedPairs(raw)
	var s []workload.Setting
	for _, p := range pairs {
		s = append(s, workload.Setting{Name: p[0], Value: p[1]})
	}
	return s, err
}

var jobLineRE = regexp.MustCompile(`^(.+): \(groupid=(\d+), jobs=(\d+)\): err=\s*(\d+)(?: \((.*)\))?: pid=(\d+): `)

// fioRun is a fixture rebuilt as a Run, with the percentile cells whose
// fio figure lies outside the measured range.
type fioRun struct {
	Run     *Run
	Inexact []inexactCell
	Output  *fioOutput
}

var (
	fioRunsMu sync.Mutex
	fioRuns   = map[string]*fioRun{}
)

// rebuildFioRun rebuilds a fixture, once per test binary: the runs are
// only read afterwards.
func rebuildFioRun(path string) (*fioRun, error) {
	fioRunsMu.Lock()
	defer fioRunsMu.Unlock()
	if fr := fioRuns[path]; fr != nil {
		return fr, nil
	}
	fr, err := buildFioRun(path)
	if err == nil {
		fioRuns[path] = fr
	}
	return fr, err
}

func buildFioRun(path string) (*fioRun, error) {
	out, err := readFioOutput(path)
	if err != nil {
		return nil, err
	}
	var doc fioJSONDoc
	if err := json.Unmarshal([]byte(out.JSON), &doc); err != nil {
		return nil, err
	}
	// The job lines of the normal report give pids, members and error
	// texts of the jobs that moved IO, in order.
	var lines [][]string
	for _, line := range strings.Split(out.Normal, "\n") {
		if m := jobLineRE.FindStringSubmatch(line); m != nil {
			lines = append(lines, m)
		}
	}
	fr := &fioRun{Output: out, Run: &Run{
		Version: doc.Version,
		Time:    time.UnixMilli(doc.TimestampMs).UTC(),
	}}
	if fr.Run.GlobalOptions, err = settings(doc.Global); err != nil {
		return nil, err
	}
	var all []*stats.Job
	for _, jd := range doc.Jobs {
		s := &stats.Job{
			Name: jd.Name, GroupID: jd.GroupID, Members: 1, Error: jd.Error,
			Runtime: time.Duration(jd.Runtime) * time.Millisecond,
			CPU: stats.CPU{
				User:   cpuMsec(jd.UsrCPU, jd.Runtime),
				System: cpuMsec(jd.SysCPU, jd.Runtime),
				Ctx:    jd.Ctx, MajFlt: jd.Majf, MinFlt: jd.Minf,
			},
		}
		s.IODepth = jd.LatDepth
		j := Job{Stats: s}
		if j.Options, err = settings(jd.Options); err != nil {
			return nil, err
		}
		if err := applyOptions(&j, fr.Run.GlobalOptions); err != nil {
			return nil, err
		}
		if err := applyOptions(&j, j.Options); err != nil {
			return nil, err
		}
		var moved bool
		for d, dd := range []fioDirDoc{jd.Read, jd.Write, jd.Trim} {
			ds := &s.Dirs[d]
			ds.IOBytes, ds.TotalIOs = dd.IOBytes, dd.TotalIOs
			ds.Issued, ds.Short, ds.Dropped = dd.TotalIOs, dd.Short, dd.Drop
			ds.BW = sampleStats(dd.BWN, dd.BWMin, dd.BWMax, dd.BWMean, dd.BWDev)
			ds.IOPS = sampleStats(dd.IOPSN, dd.IOPSMin, dd.IOPSMax, dd.IOPSMean, dd.IOPSDev)
			ds.Runtime = time.Duration(dd.Runtime) * time.Millisecond
			moved = moved || dd.IOBytes != 0 || dd.TotalIOs != 0
			for _, m := range []struct {
				dst **stats.Latency
				src fioLatDoc
			}{{&ds.Slat, dd.Slat}, {&ds.Clat, dd.Clat}, {&ds.Lat, dd.Lat}} {
				if m.src.N == 0 {
					continue // left nil: not measured
				}
				f := fioLat{N: m.src.N, Min: m.src.Min, Max: m.src.Max, Mean: m.src.Mean, Stddev: m.src.Stddev}
				pairs, err := orderedPairs(m.src.Percentile)
				if err != nil {
					return nil, err
				}
				for _, p := range pairs {
					pt, _ := strconv.ParseFloat(p[0], 64)
					v, _ := strconv.ParseUint(p[1], 10, 64)
					f.Points, f.Values = append(f.Points, pt), append(f.Values, v)
				}
				l, inexact, err := synthLatency(f)
				if err != nil {
					return nil, fmt.Errorf("%s: job %s %s: %w", path, jd.Name, stats.Dir(d), err)
				}
				*m.dst = l
				fr.Inexact = append(fr.Inexact, inexact...)
			}
		}
		if moved && len(lines) > 0 {
			m := lines[0]
			lines = lines[1:]
			s.Members, _ = strconv.Atoi(m[3])
			s.ErrorText = m[5]
			j.PID, _ = strconv.Atoi(m[6])
		}
		var issued uint64
		for d := range s.Dirs {
			issued += s.Dirs[d].Issued
		}
		s.Depth = distOf(jd.Depth, depthKeys, issued)
		s.Submit = distOf(jd.Submit, batchKeys, 0)
		s.Complete = distOf(jd.Complete, batchKeys, 0)
		fr.Run.Jobs = append(fr.Run.Jobs, j)
		all = append(all, s)
	}
	fr.Run.Groups = stats.Summarize(all)
	for _, d := range doc.Disks {
		fr.Run.Disks = append(fr.Run.Disks, stats.DiskUtil{
			Name: d.Name, IOs: [2]uint64{d.ReadIOs, d.WriteIOs}, Merges: [2]uint64{d.ReadMerges, d.WriteMerges},
			Ticks: [2]uint64{d.ReadTicks, d.WriteTicks}, InQueue: d.InQueue,
			IOTicks: uint64(math.Round(d.Util * 1e6)), Msec: 1e8,
		})
	}
	return fr, nil
}

// sampleStats rebuilds fio's bandwidth or IOPS sample figures.
func sampleStats(n, minv, maxv uint64, mean, dev float64) stats.SampleStats {
	if n == 0 {
		return stats.SampleStats{}
	}
	return stats.SampleStats{N: n, MinVal: minv, MaxVal: maxv, MeanVal: mean, S: dev * dev * float64(n-1)}
}

var (
	depthKeys = []string{"1", "2", "4", "8", "16", "32", ">=64"}
	batchKeys = []string{"0", "4", "8", "16", "32", "64", ">=64"}
)

// distOf rebuilds bucket counts from fio's percentages of total. With a
// total of 0 (fio's submit and complete totals are not in its JSON), it
// scales the percentages to a billion calls, which reproduces them to
// about seven digits.
func distOf(pct map[string]float64, keys []string, total uint64) stats.Dist {
	var d stats.Dist
	scale := float64(total) / 100
	if total == 0 {
		scale = 1e7
	}
	// fio shows a non-empty bucket under 0.1% as 0.1%: such buckets share
	// what the others leave of 100%.
	rest, floors := 100.0, 0
	for _, k := range keys {
		if p := pct[k]; p == 0.1 {
			floors++
		} else {
			rest -= p
		}
	}
	for i, k := range keys {
		p := pct[k]
		if p == 0.1 {
			p = rest / float64(floors)
		}
		c := uint64(math.Round(p * scale))
		if pct[k] > 0 && c == 0 {
			c = 1
		}
		d[i] = c
	}
	return d
}

// cpuMsec turns fio's CPU percentage of a runtime back into the whole
// milliseconds fio measured.
func cpuMsec(pct float64, runtimeMs uint64) time.Duration {
	return time.Duration(math.Round(pct*float64(runtimeMs)/100)) * time.Millisecond
}

// applyOptions sets the report options a job file can carry.
func applyOptions(j *Job, opts []workload.Setting) error {
	for _, o := range opts {
		var err error
		switch o.Name {
		case "kb_base":
			j.KBBase, err = strconv.Atoi(o.Value)
		case "percentile_list":
			j.Percentiles, j.PercentilePrecision, err = ParsePercentileList(o.Value)
		case "lat_percentiles":
			j.LatPercentiles = o.Value == "1"
		case "slat_percentiles":
			j.SlatPercentiles = o.Value == "1"
		case "clat_percentiles":
			j.NoClatPercentiles = o.Value == "0"
		case "unit_base":
			j.UnitBase, err = strconv.Atoi(o.Value)
		case "significant_figures":
			j.SigFigs, err = strconv.Atoi(o.Value)
		case "description":
			j.Description = o.Value
		}
		if err != nil {
			return err
		}
	}
	return nil
}
