package engine

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// This file finds what a block device holds before a job writes to it: a
// job that writes or trims a device with a partition table, an LVM or RAID
// signature, or a device another one is built on (holders in sysfs) needs
// allow_mounted_write=1 or --force; one with a mounted filesystem needs
// allow_mounted_write=1 (target.go).

// signatureOf says what the block device at path holds that writing would
// destroy: "a GPT partition table", "an LVM physical volume", ...; "" for
// nothing known.
func signatureOf(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("checking what %s holds: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 8192)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	if what := headSignature(head); what != "" {
		return what, nil
	}
	size, err := f.Seek(0, 2)
	if err == nil && size >= 128<<10 {
		// md 0.90 keeps its superblock in the last 64 KiB-aligned 64 KiB,
		// md 1.0 8 KiB from the end.
		for _, off := range []int64{(size &^ (64<<10 - 1)) - 64<<10, (size - 8<<10) &^ 4095} {
			b := make([]byte, 4)
			if _, err := f.ReadAt(b, off); err == nil && binary.LittleEndian.Uint32(b) == mdMagic {
				return "a Linux RAID (md) member", nil
			}
		}
	}
	return holdersOf(path), nil
}

// mdMagic starts an md RAID superblock.
const mdMagic = 0xa92b4efc

// headSignature recognises what the first 8 KiB of a device hold.
func headSignature(b []byte) string {
	le := binary.LittleEndian
	switch {
	case len(b) >= 520 && string(b[512:520]) == "EFI PART":
		return "a GPT partition table"
	case len(b) >= 4096+520 && string(b[4096:4104]) == "EFI PART":
		return "a GPT partition table"
	case len(b) >= 4096+4 && (le.Uint32(b[0:]) == mdMagic || le.Uint32(b[4096:]) == mdMagic):
		return "a Linux RAID (md) member"
	}
	for sector := 0; sector < 4 && (sector+1)*512 <= len(b); sector++ {
		s := b[sector*512:]
		if string(s[0:8]) == "LABELONE" && string(s[24:32]) == "LVM2 001" {
			return "an LVM physical volume"
		}
	}
	if len(b) >= 512 && b[510] == 0x55 && b[511] == 0xaa && mbrHasPartitions(b[446:510]) {
		return "an MBR partition table"
	}
	return ""
}

// mbrHasPartitions reports whether an MBR's four entries describe a
// partition: a boot flag of 0 or 0x80 and a non-zero type and size.
func mbrHasPartitions(entries []byte) bool {
	found := false
	for i := 0; i < 4; i++ {
		e := entries[i*16 : (i+1)*16]
		if e[0] != 0 && e[0] != 0x80 {
			return false // not a partition table: a boot sector's code
		}
		if e[4] != 0 && binary.LittleEndian.Uint32(e[12:]) != 0 {
			found = true
		}
	}
	return found
}

// holdersOf says which devices are built on the block device at path, or
// which partitions it has, from sysfs; "" for none.
func holdersOf(path string) string {
	var st unix.Stat_t
	if unix.Stat(path, &st) != nil {
		return ""
	}
	sys := fmt.Sprintf("/sys/dev/block/%d:%d", unix.Major(st.Rdev), unix.Minor(st.Rdev))
	if hs, _ := os.ReadDir(filepath.Join(sys, "holders")); len(hs) > 0 {
		var names []string
		for _, h := range hs {
			names = append(names, h.Name())
		}
		return "the base of " + strings.Join(names, ", ") + " (holders in sysfs)"
	}
	if parts, _ := filepath.Glob(filepath.Join(sys, "*", "partition")); len(parts) > 0 {
		return fmt.Sprintf("%d partitions", len(parts))
	}
	return ""
}
