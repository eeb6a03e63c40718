package sysx

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeSysfs writes files (path -> content) under a temporary root.
func fakeSysfs(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, content := range files {
		full := filepath.Join(root, p)
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(content+"\n"), 0o644))
	}
	return root
}

func TestBlockDevicesFromSysfs(t *testing.T) {
	root := fakeSysfs(t, map[string]string{
		"block/nvme0n1/size":                     "2000409264",
		"block/nvme0n1/queue/logical_block_size": "512",
		"block/nvme0n1/nsid":                     "1",
		"block/nvme0n1/ro":                       "0",
		"block/nvme0n1/device/model":             "Samsung SSD 980 PRO 1TB   ",
		"block/nvme0n1/device/serial":            "S5GXNX0R123456",
		"block/loop0/size":                       "0",
		"block/vda/size":                         "1024",
		"block/vda/queue/logical_block_size":     "4096",
		"block/vda/ro":                           "1",
		"class/nvme/nvme0/model":                 "Samsung SSD 980 PRO 1TB",
		"class/nvme/nvme0/serial":                "S5GXNX0R123456",
		"class/nvme/nvme0/firmware_rev":          "5B2QGXA7",
		"class/nvme/nvme0/transport":             "pcie",
		"class/nvme/nvme0/address":               "0000:01:00.0",
		"class/nvme-generic/ng0n1/dev":           "240:0",
		"class/nvme-generic/ng1n1/dev":           "240:1",
	})
	devs, err := BlockDevices(root)
	require.NoError(t, err)
	assert.Equal(t, []BlockDevice{
		{Name: "nvme0n1", Path: "/dev/nvme0n1", Size: 2000409264 * 512, LogicalBlockSize: 512, NVMe: true, NSID: 1,
			Model: "Samsung SSD 980 PRO 1TB", Serial: "S5GXNX0R123456"},
		{Name: "vda", Path: "/dev/vda", Size: 1024 * 512, LogicalBlockSize: 4096, ReadOnly: true},
	}, devs, "the unattached loop0 is left out")

	ctrls, err := NVMeControllers(root)
	require.NoError(t, err)
	assert.Equal(t, []NVMeController{{
		Name: "nvme0", Path: "/dev/nvme0", Model: "Samsung SSD 980 PRO 1TB", Serial: "S5GXNX0R123456",
		Firmware: "5B2QGXA7", Transport: "pcie", Address: "0000:01:00.0", Generic: []string{"/dev/ng0n1"},
	}}, ctrls)

	ctrls, err = NVMeControllers(t.TempDir())
	require.NoError(t, err)
	assert.Empty(t, ctrls, "no nvme driver: no controllers, no error")
	_, err = BlockDevices(t.TempDir())
	require.Error(t, err)
}

// The machine's own sysfs reads without error.
func TestBlockDevicesOfThisMachine(t *testing.T) {
	_, err := BlockDevices("/sys")
	require.NoError(t, err)
	_, err = NVMeControllers("/sys")
	require.NoError(t, err)
}
