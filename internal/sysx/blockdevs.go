package sysx

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// This file lists storage devices from sysfs, for when libxnvme is not
// there to enumerate them.

// BlockDevice is a block device as sysfs describes it.
type BlockDevice struct {
	// Name is the kernel's name, such as nvme0n1; Path is /dev/Name.
	Name string `json:"name"`
	Path string `json:"path"`
	// Size is in bytes, LogicalBlockSize the logical block size.
	Size             uint64 `json:"size"`
	LogicalBlockSize uint32 `json:"logical_block_size"`
	// NVMe says whether it is an NVMe namespace; NSID is its namespace id.
	NVMe bool   `json:"nvme"`
	NSID uint32 `json:"nsid,omitempty"`
	// Model and Serial describe the device (the controller, for NVMe),
	// when sysfs says.
	Model  string `json:"model,omitempty"`
	Serial string `json:"serial,omitempty"`
	// ReadOnly is set for a read-only device.
	ReadOnly bool `json:"read_only"`
}

// NVMeController is an NVMe controller from /sys/class/nvme, with the
// generic character devices (/dev/ngXnY) of its namespaces.
type NVMeController struct {
	Name      string   `json:"name"`
	Path      string   `json:"path"`
	Model     string   `json:"model,omitempty"`
	Serial    string   `json:"serial,omitempty"`
	Firmware  string   `json:"firmware,omitempty"`
	Transport string   `json:"transport,omitempty"`
	Address   string   `json:"address,omitempty"`
	Generic   []string `json:"generic,omitempty"`
}

// readAttr reads a sysfs attribute, trimmed; "" when it is absent.
func readAttr(parts ...string) string {
	b, err := os.ReadFile(filepath.Join(parts...))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func readUint(parts ...string) uint64 {
	n, _ := strconv.ParseUint(readAttr(parts...), 10, 64)
	return n
}

// BlockDevices lists the block devices under sysfs (normally "/sys") that
// have a size: unattached loop devices and the like are left out.
func BlockDevices(sysfs string) ([]BlockDevice, error) {
	dir := filepath.Join(sysfs, "block")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var devs []BlockDevice
	for _, e := range entries {
		name := e.Name()
		d := BlockDevice{
			Name:             name,
			Path:             "/dev/" + name,
			Size:             readUint(dir, name, "size") * 512, // always 512-byte sectors
			LogicalBlockSize: uint32(readUint(dir, name, "queue", "logical_block_size")),
			NVMe:             strings.HasPrefix(name, "nvme"),
			Model:            readAttr(dir, name, "device", "model"),
			Serial:           readAttr(dir, name, "device", "serial"),
			ReadOnly:         readAttr(dir, name, "ro") == "1",
		}
		if d.Size == 0 {
			continue
		}
		if d.NVMe {
			d.NSID = uint32(readUint(dir, name, "nsid"))
		}
		devs = append(devs, d)
	}
	sort.Slice(devs, func(i, k int) bool { return devs[i].Name < devs[k].Name })
	return devs, nil
}

// NVMeControllers lists the NVMe controllers under sysfs (normally
// "/sys"); none when the nvme driver is not loaded.
func NVMeControllers(sysfs string) ([]NVMeController, error) {
	dir := filepath.Join(sysfs, "class", "nvme")
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	generic, _ := filepath.Glob(filepath.Join(sysfs, "class", "nvme-generic", "ng*"))
	var ctrls []NVMeController
	for _, e := range entries {
		name := e.Name()
		c := NVMeController{
			Name:      name,
			Path:      "/dev/" + name,
			Model:     readAttr(dir, name, "model"),
			Serial:    readAttr(dir, name, "serial"),
			Firmware:  readAttr(dir, name, "firmware_rev"),
			Transport: readAttr(dir, name, "transport"),
			Address:   readAttr(dir, name, "address"),
		}
		prefix := "ng" + strings.TrimPrefix(name, "nvme") + "n"
		for _, g := range generic {
			if strings.HasPrefix(filepath.Base(g), prefix) {
				c.Generic = append(c.Generic, "/dev/"+filepath.Base(g))
			}
		}
		ctrls = append(ctrls, c)
	}
	sort.Slice(ctrls, func(i, k int) bool { return ctrls[i].Name < ctrls[k].Name })
	return ctrls, nil
}
