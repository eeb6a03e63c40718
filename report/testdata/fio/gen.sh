#!/bin/sh
# Regenerates the fio 3.33 fixtures in this directory. Each run prints the
# normal and the JSON report of the same run (--output-format=normal,json),
# which report's tests replay (see fixture_test.go and fio_parity_test.go).
# The replay tests do not depend on the exact figures, but their hand-written
# header jobs (fio_parity_test.go) follow the job definitions below. The
# name-2.out and name-3.out files are the outputs of two further runs.
#
# uring.out needs a file on a real disk: set DISKFILE (default /tmp/x); it is
# laid out first so that fio prints no "Laying out IO file" line.
set -e
cd "$(dirname "$0")"
DISKFILE=${DISKFILE:-/tmp/x}
[ -s "$DISKFILE" ] || fio --name=layout --ioengine=psync --filename="$DISKFILE" --size=64m --rw=write --output=/dev/null

# io_uring on disk, direct, queue depth 32: slat and lat in usec, clat in nsec
# with a "k" maximum, usec percentiles.
fio --name=uring --thread --ioengine=io_uring --direct=1 --filename="$DISKFILE" --size=64m \
	--rw=randread --iodepth=32 --time_based --runtime=2 --output-format=normal,json > uring.out 2>&1

# A slow TCP stream (srv.py sends 4 KiB every 3-9 ms, every 40th after
# ~115 ms): msec everywhere. unit_base=8 keeps bytes, as xbench reports.
python3 srv.py & SRV=$!
sleep 0.5
fio --name=net --thread --unit_base=8 --ioengine=net --hostname=127.0.0.1 --port=8765 --protocol=tcp \
	--rw=read --bs=4k --size=800k --output-format=normal,json > net.out 2>&1
wait $SRV || true

# Several jobs, clones and groups on the null engine (nsec), with and
# without group_reporting.
fio multi.fio --output-format=normal,json > multi.out 2>&1
fio multi.fio --group_reporting --output-format=normal,json > multigr.out 2>&1

# A job that fails with EIO after issuing one IO: no IO lines, an empty
# "Run status group".
fio --name=e --thread --ioengine=psync --filename=/dev/null --size=1m --rw=read --number_ios=10 \
	--verify=crc32c --do_verify=1 --output-format=normal,json > err.out 2>&1 || true

# kb_base=1000 (decimal units first), a custom percentile list (precision 3)
# and lat percentiles.
fio --name=si --thread --ioengine=null --kb_base=1000 --size=32m --rw=randwrite --bs=16k \
	--percentile_list=10:50:99:99.999 --lat_percentiles=1 --output-format=normal,json > si.out 2>&1

# Reads and writes with submission latencies on io_uring.
fio --name=mix --thread --ioengine=io_uring --direct=1 --filename="$DISKFILE" --size=64m --rw=randrw \
	--rwmixread=70 --iodepth=8 --time_based --runtime=1 --output-format=normal,json > mix.out 2>&1

# Trims on a regular file fail at once (ENOTTY): an error with a long text.
fio --name=trim --thread --ioengine=psync --filename="$DISKFILE" --size=64m --rw=randtrim --bs=64k \
	--output-format=normal,json > trimerr.out 2>&1 || true

# unit_base=1 (bits), six significant figures, a description, submission
# latency percentiles only, at two custom points.
fio --name=ub --thread --ioengine=null --unit_base=1 --significant_figures=6 --description="bits, six figures" \
	--size=256m --rw=randread --bs=4k --iodepth=4 --slat_percentiles=1 --clat_percentiles=0 \
	--percentile_list=50:99 --output-format=normal,json > unitbits.out 2>&1

# Two jobs of one group, the second with kb_base=1000: fio shows both jobs'
# bandwidth and io in the group's units, those of its last job.
fio kbgroup.fio --output-format=normal,json > kbgroup.out 2>&1
