package workload

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOptions(t *testing.T) {
	opts := Options()
	var names []string
	for _, o := range opts {
		names = append(names, o.Name)
	}
	assert.Equal(t, []string{
		"allow_file_create", "allow_mounted_write", "allrandrepeat", "ba", "bs", "bs_unaligned",
		"bsrange", "bssplit", "buffered", "bwavgtime", "clat_percentiles", "cmd_type",
		"continue_on_error", "cpus_allowed", "cpus_allowed_policy", "description", "direct",
		"directory", "disable_clat", "disable_lat", "disable_slat", "do_verify", "end_fsync",
		"error_dump", "exitall", "experimental_verify", "fault_delay", "fault_errno", "fault_every",
		"fault_fail", "fault_flip", "fault_rw", "fault_short", "fault_short_bytes", "fdatasync",
		"file_service_type", "filename", "filesize", "fixedbufs", "force_async", "fsync",
		"group_reporting", "gtod_reduce", "hipri", "hipri_percentage", "ignore_error", "io_size",
		"iodepth", "iodepth_batch_complete_max", "iodepth_batch_complete_min", "iodepth_batch_submit",
		"iodepth_low", "ioengine", "iopsavgtime", "kb_base", "lat_percentiles", "log_avg_msec",
		"log_hist_msec", "log_max_value", "log_offset", "loops", "name", "new_group", "nonvectored",
		"norandommap", "nowait", "nrfiles", "number_ios", "numjobs", "offset", "offset_increment",
		"per_job_logs", "percentage_random", "percentile_list", "ramp_time", "random_distribution",
		"randrepeat", "randseed", "rate", "rate_cycle", "rate_iops", "rate_iops_min", "rate_min",
		"rate_process", "registerfiles", "runtime", "rw", "rwmixread", "rwmixwrite",
		"significant_figures", "size", "slat_percentiles", "sqthread_poll", "sqthread_poll_cpu",
		"startdelay", "stonewall", "thinktime", "thinktime_blocks", "thinktime_spin", "thread",
		"time_based", "uncached", "unit_base", "userspace_reap", "verify", "verify_backlog",
		"verify_backlog_batch", "verify_dump", "verify_fatal", "verify_interval", "verify_offset",
		"verify_only", "verify_pattern", "verify_state_load", "verify_state_save", "verifysort",
		"verifysort_nr", "wait_for", "write_bw_log", "write_hist_log", "write_iops_log",
		"write_lat_log", "xnvme_admin", "xnvme_async", "xnvme_be", "xnvme_dev_nsid", "xnvme_iovec",
		"xnvme_mem", "xnvme_sync",
	}, names)

	byName := map[string]OptionInfo{}
	for _, o := range opts {
		byName[o.Name] = o
		assert.NotEmpty(t, o.Help, o.Name)
		assert.NotContains(t, o.Help, "\n", o.Name)
		assert.NotEmpty(t, o.Type, o.Name)
	}
	// fio 3.33's defaults, as `fio --cmdhelp=OPTION` shows them.
	for name, def := range map[string]string{
		"bs": "4096", "rw": "read", "ioengine": "psync", "iodepth": "1", "numjobs": "1",
		"direct": "0", "randrepeat": "1", "randseed": "0x89", "runtime": "0",
		"size": "", "time_based": "", "ramp_time": "",
		"kb_base": "1024", "significant_figures": "4", "clat_percentiles": "1",
		"lat_percentiles": "0", "slat_percentiles": "0", "description": "",
		"percentile_list": "1:5:10:20:30:40:50:60:70:80:90:95:99:99.5:99.9:99.95:99.99",
		"ba":              "", "bsrange": "", "iodepth_batch_submit": "1", "iodepth_batch_complete_min": "1",
		"iodepth_batch_complete_max": "", "iodepth_low": "", "buffered": "1",
		"percentage_random": "100,100,100", "rate_cycle": "1000", "thinktime": "0",
		"thinktime_blocks": "1", "nrfiles": "1", "loops": "1", "offset": "0", "number_ios": "0",
		"startdelay": "0", "random_distribution": "random", "cpus_allowed_policy": "",
		"rwmixread": "50", "rate_process": "linear", "filesize": "", "io_size": "",
		"file_service_type": "roundrobin", "allow_file_create": "1", "allow_mounted_write": "0",
		"nonvectored": "-1", "hipri_percentage": "100", "cmd_type": "nvme", "nowait": "0", "uncached": "0",
	} {
		assert.Equal(t, def, byName[name].Default, name)
	}
	assert.Equal(t, "blocksize", byName["bs"].Alias)
	assert.Equal(t, "readwrite", byName["rw"].Alias)
	assert.Equal(t, "timeout", byName["runtime"].Alias)
	assert.Equal(t, []string{"read", "write", "trim", "randread", "randwrite", "randtrim",
		"rw", "readwrite", "randrw", "trimwrite", "randtrimwrite"}, byName["rw"].Values)
	assert.Equal(t, []string{"null", "sync", "psync", "pvsync", "pvsync2", "libaio", "io_uring", "io_uring_cmd", "xnvme", "xbench-fault"}, byName["ioengine"].Values)
	assert.Equal(t, []string{"xnvme"}, byName["xnvme_async"].Engines)
	assert.Equal(t, []string{"io_uring", "io_uring_cmd", "pvsync2", "xnvme"}, byName["hipri"].Engines)
	assert.Equal(t, []string{"io_uring", "io_uring_cmd", "xnvme"}, byName["sqthread_poll"].Engines)
	assert.Equal(t, "size list", byName["bs"].Type)
	assert.Equal(t, "size or percent", byName["size"].Type)
	assert.Equal(t, "time", byName["runtime"].Type)
	assert.Equal(t, "flag", byName["thread"].Type)
	assert.Equal(t, "bool", byName["direct"].Type)

	// Options returns copies.
	byName["rw"].Values[0] = "changed"
	assert.Equal(t, "read", Options()[slices.Index(names, "rw")].Values[0])
}

func TestOptionsAreFioOptions(t *testing.T) {
	for _, o := range optionDefs {
		for _, n := range []string{o.info.Name, o.info.Alias} {
			if n == "" {
				continue
			}
			_, found := slices.BinarySearch(fioOptionNames, n)
			found = found || slices.Contains(fioLaterOptionNames, n)
			found = found || slices.Equal(o.info.Engines, []string{FaultEngine}) // xbench's test engine
			assert.True(t, found, "%s is not a fio option", n)
		}
	}
}

func TestFioNameLists(t *testing.T) {
	for name, list := range map[string][]string{"options": fioOptionNames, "engines": fioEngineNames} {
		t.Run(name, func(t *testing.T) {
			assert.True(t, slices.IsSorted(list), "sorted, for binary search")
			assert.Equal(t, len(list), len(slices.Compact(slices.Clone(list))), "no duplicates")
			for _, n := range list {
				assert.Equal(t, strings.TrimSpace(n), n)
				assert.NotEmpty(t, n)
			}
		})
	}
	require.Greater(t, len(fioOptionNames), 300)
	for _, n := range []string{"rwmixread", "verify", "stonewall", "kb_base", "hipri", "sqthread_poll", "userspace_reap"} {
		assert.Contains(t, fioOptionNames, n)
	}
	for _, c := range engineChoices {
		if c.name != FaultEngine { // xbench's own test engine
			assert.Contains(t, fioEngineNames, c.name)
		}
	}
	for _, n := range []string{"sync", "mmap", "posixaio", "pvsync2", "io_uring_cmd", "xnvme", "cpuio"} {
		assert.Contains(t, fioEngineNames, n)
	}
}

func TestEveryBareOptionIsAFlag(t *testing.T) {
	for _, o := range optionDefs {
		assert.Equal(t, o.info.Type == "flag" || o.info.Type == "logfile", o.bare != nil, o.info.Name)
	}
}
