package sysx

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPinThread(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before, err := ThreadCPUs()
	require.NoError(t, err)
	defer func() { require.NoError(t, PinThread(before)) }()

	require.NoError(t, PinThread(before[:1]))
	now, err := ThreadCPUs()
	require.NoError(t, err)
	require.Equal(t, before[:1], now)

	require.Error(t, PinThread([]int{-1}))
}

func TestThreadUsageGrowsWithWork(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	a, err := ThreadUsage()
	require.NoError(t, err)
	x := 0
	for i := range 50_000_000 {
		x += i
	}
	_ = x
	b, err := ThreadUsage()
	require.NoError(t, err)
	require.Positive(t, b.Sub(a).User+b.Sub(a).System)
}

func TestMountedAt(t *testing.T) {
	where, err := MountedAt(os.Args[0])
	require.NoError(t, err)
	require.Empty(t, where, "a regular file is never a mounted device")

	// Find the device of the root filesystem, when it is a block device.
	dev := rootDevice(t)
	where, err = MountedAt(dev)
	require.NoError(t, err)
	require.NotEmpty(t, where, "%s holds the root filesystem", dev)
}

func rootDevice(t *testing.T) string {
	b, err := os.ReadFile("/proc/self/mounts")
	require.NoError(t, err)
	for _, line := range strings.Split(string(b), "\n") {
		var dev, mnt string
		if n, _ := fmt.Sscan(line, &dev, &mnt); n == 2 && mnt == "/" {
			if fi, err := os.Stat(dev); err == nil && fi.Mode()&os.ModeDevice != 0 && fi.Mode()&os.ModeCharDevice == 0 {
				return dev
			}
		}
	}
	t.Skip("skipping: the root filesystem is not on a block device here")
	return ""
}
