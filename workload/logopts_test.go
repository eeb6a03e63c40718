package workload

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLogOptions(t *testing.T) {
	jf := parse(t, "[global]\nwrite_bw_log\nlog_avg_msec=100\n[a]\nwrite_lat_log=lat\nwrite_iops_log\niopsavgtime=50\nlog_offset=1\nper_job_logs=0\nlog_max_value=1\n[b]\nname=bee\nwrite_hist_log\nlog_hist_msec=250\n")
	require.Len(t, jf.Jobs, 2)
	a, b := jf.Jobs[0].Logs, jf.Jobs[1].Logs
	assert.Equal(t, LogFile{On: true}, a.BW)
	assert.Equal(t, "a", a.BW.PrefixFor("a"))
	assert.Equal(t, "lat", a.Lat.PrefixFor("a"))
	assert.True(t, a.Offset && a.MaxValue && !a.PerJob)
	assert.Equal(t, 100*time.Millisecond, a.BWInterval(), "log_avg_msec replaces an unset bwavgtime")
	assert.Equal(t, 50*time.Millisecond, a.IOPSInterval(), "the smaller of log_avg_msec and a set iopsavgtime")
	assert.Equal(t, uint64(250), b.HistMsec)
	assert.True(t, b.Hist.On && b.PerJob)
	assert.Equal(t, "bee", b.Hist.PrefixFor(jf.Jobs[1].Name))
	assert.Equal(t, 100*time.Millisecond, b.BWInterval())
	assert.Equal(t, 500*time.Millisecond, b.IOPSInterval(), "fio's default without an iops log")
}
