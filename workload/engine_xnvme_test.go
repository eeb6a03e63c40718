package workload

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestXNVMeOptions(t *testing.T) {
	jf := parse(t, `[global]
ioengine=xnvme
xnvme_async=io_uring
[ram]
filename=2GB
xnvme_be=ramdisk
xnvme_async=nil
xnvme_sync=ramdisk
xnvme_admin=ramdisk
xnvme_mem=posix
xnvme_dev_nsid=2
xnvme_iovec
hipri
sqthread_poll=1
[pci]
filename=0000\:01\:00.0
`)
	require.Len(t, jf.Jobs, 2)
	ram, pci := jf.Jobs[0], jf.Jobs[1]
	assert.Equal(t, XNVMeOptions{Backend: "ramdisk", Async: "nil", Sync: "ramdisk", Admin: "ramdisk", Mem: "posix", DevNSID: 2, IOVec: true}, ram.XNVMe)
	assert.True(t, ram.Poll.HiPri)
	assert.True(t, ram.Poll.SQThread)
	assert.Equal(t, "xnvme", pci.IOEngine)
	assert.Equal(t, XNVMeOptions{Async: "io_uring"}, pci.XNVMe, "the global's value")
	assert.Equal(t, []string{"0000:01:00.0"}, pci.Files.Names, `"\:" escapes the colons of a PCI address`)
	assert.False(t, pci.Poll.HiPri)
}

// Within one section fio parses an engine's options after the general ones,
// so their order there does not matter.
func TestXNVMeOptionBeforeItsEngineInOneSection(t *testing.T) {
	jf, err := Parse(strings.NewReader("[j]\nxnvme_async=io_uring\nioengine=xnvme\n"), "jobs/x.ini")
	require.NoError(t, err)
	assert.Equal(t, "io_uring", jf.Jobs[0].XNVMe.Async)
}

func TestXNVMeOptionErrors(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"before its ioengine, in a global section above the job", "[global]\nxnvme_async=io_uring\n[j]\nioengine=xnvme\n",
			`jobs/x.ini:2: option "xnvme_async" belongs to ioengine=xnvme, not ioengine=psync; set ioengine first (fio parses an engine's options only after its ioengine)`},
		{"polling under another engine", "[j]\nioengine=libaio\nhipri\n",
			`jobs/x.ini:3: option "hipri" belongs to ioengine=io_uring|io_uring_cmd|pvsync2|xnvme, not ioengine=libaio; set ioengine first (fio parses an engine's options only after its ioengine)`},
		{"unknown async", "[j]\nioengine=xnvme\nxnvme_async=kqueue\n",
			`jobs/x.ini:3: bad value "kqueue" for option "xnvme_async": want one of emu, thrpool, io_uring, io_uring_cmd, libaio, posix, nil, nvme`},
		{"unknown backend", "[j]\nioengine=xnvme\nxnvme_be=fbsd\n",
			`jobs/x.ini:3: bad value "fbsd" for option "xnvme_be": want one of linux, spdk, vfio, ramdisk`},
		{"nsid out of range", "[j]\nioengine=xnvme\nxnvme_dev_nsid=5g\n",
			`jobs/x.ini:3: bad value "5g" for option "xnvme_dev_nsid": must be between 0 and 4294967295`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.file), "jobs/x.ini")
			require.EqualError(t, err, tc.want)
		})
	}
}
