package xnvme

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

// le32 and le64 read the little-endian fields of a command.
func le32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off:]) }
func le64(b []byte, off int) uint64 { return binary.LittleEndian.Uint64(b[off:]) }

// The fields of the kernel's struct nvme_uring_cmd (include/uapi/linux/
// nvme_ioctl.h): CDW0's opcode, then NSID, the data pointer and length
// the driver maps to PRPs or SGLs, and CDW10 to CDW15.
const (
	cmdOpcode  = 0
	cmdNSID    = 4
	cmdAddr    = 24
	cmdDataLen = 36
	cmdCDW10   = 40
	cmdCDW11   = 44
	cmdCDW12   = 48
	cmdCDW13   = 52
)

// Reads, writes, flushes and trims are encoded as the NVM Command Set
// specification lays its commands out: Read is opcode 02h and Write 01h,
// with the starting LBA in CDW10 (bits 31:0) and CDW11 (63:32), and the
// number of logical blocks, 0's based, in CDW12 bits 15:0; Flush is 00h;
// Dataset Management is 09h, with the number of ranges (0's based) in
// CDW10 bits 7:0, Attribute Deallocate in CDW11 bit 2, and 16-byte ranges
// of context attributes, length in blocks and starting LBA.
func TestNVMeCommandEncoding(t *testing.T) {
	for _, tc := range []struct {
		name     string
		lbaShift uint32
		sqe      SQE
		vectored bool
		opcode   byte
		slba     uint64
		nlb0     uint32 // CDW12, 0's based
	}{
		{"read 4k at 8k, 512-byte blocks", 9, SQE{Offset: 8192, Nbytes: 4096, Opcode: OpRead}, false, 0x02, 16, 7},
		{"write 4k at 8k, 4k blocks", 12, SQE{Offset: 8192, Nbytes: 4096, Opcode: OpWrite}, false, 0x01, 2, 0},
		{"read past 2 TiB: the LBA's high half in CDW11", 9, SQE{Offset: 1 << 45, Nbytes: 512, Opcode: OpRead}, false, 0x02, 1 << 36, 0},
		{"the largest read, 65536 blocks", 9, SQE{Offset: 0, Nbytes: 65536 * 512, Opcode: OpRead}, false, 0x02, 0, 0xffff},
		{"vectored read", 12, SQE{Offset: 4096, Nbytes: 8192, Opcode: OpRead}, true, 0x02, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := encodeNVMe(7, tc.lbaShift, tc.sqe, tc.vectored)
			require.NoError(t, err)
			b := c.cmd[:]
			assert.Equal(t, tc.opcode, b[cmdOpcode])
			assert.EqualValues(t, 7, le32(b, cmdNSID))
			assert.EqualValues(t, uint32(tc.slba), le32(b, cmdCDW10), "SLBA bits 31:0")
			assert.EqualValues(t, uint32(tc.slba>>32), le32(b, cmdCDW11), "SLBA bits 63:32")
			assert.EqualValues(t, tc.nlb0, le32(b, cmdCDW12), "NLB, 0's based; no FUA or limited retry")
			assert.Zero(t, le32(b, cmdCDW13))
			if tc.vectored {
				assert.EqualValues(t, c.iov, le64(b, cmdAddr), "the iovec")
				assert.EqualValues(t, 1, le32(b, cmdDataLen), "one iovec")
			} else {
				assert.EqualValues(t, c.buf, le64(b, cmdAddr), "the buffer")
				assert.EqualValues(t, tc.sqe.Nbytes, le32(b, cmdDataLen))
			}
		})
	}
	t.Run("flush for fsync and fdatasync", func(t *testing.T) {
		for _, op := range []Opcode{OpFsync, OpFdatasync} {
			c, err := encodeNVMe(3, 12, SQE{Opcode: op}, false)
			require.NoError(t, err)
			want := make([]byte, len(c.cmd))
			want[cmdNSID] = 3
			assert.Equal(t, want, c.cmd[:], "opcode 00h, the namespace, nothing else")
		}
	})
	t.Run("trim: one Dataset Management deallocate range", func(t *testing.T) {
		c, err := encodeNVMe(1, 12, SQE{Offset: 1 << 20, Nbytes: 64 << 10, Opcode: OpTrim}, false)
		require.NoError(t, err)
		b := c.cmd[:]
		assert.EqualValues(t, 0x09, b[cmdOpcode])
		assert.Zero(t, le32(b, cmdCDW10), "NR: one range, 0's based")
		assert.EqualValues(t, 1<<2, le32(b, cmdCDW11), "AD: deallocate")
		assert.EqualValues(t, c.rangeAt, le64(b, cmdAddr))
		assert.EqualValues(t, 16, le32(b, cmdDataLen))
		r := c.dsmRange[:]
		assert.Zero(t, le32(r, 0), "context attributes")
		assert.EqualValues(t, 16, le32(r, 4), "length in logical blocks, not 0's based")
		assert.EqualValues(t, 256, le64(r, 8), "starting LBA")
	})
	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			name     string
			lbaShift uint32
			e        SQE
		}{
			{"unaligned offset", 12, SQE{Offset: 100, Nbytes: 4096, Opcode: OpRead}},
			{"partial block", 12, SQE{Offset: 0, Nbytes: 4000, Opcode: OpWrite}},
			{"no block", 12, SQE{Offset: 0, Nbytes: 0, Opcode: OpRead}},
			{"over 65536 blocks", 9, SQE{Offset: 0, Nbytes: 65537 * 512, Opcode: OpRead}},
			{"unaligned trim", 12, SQE{Offset: 512, Nbytes: 4096, Opcode: OpTrim}},
			{"unknown opcode", 12, SQE{Offset: 0, Nbytes: 4096, Opcode: 9}},
		} {
			_, err := encodeNVMe(1, tc.lbaShift, tc.e, false)
			assert.ErrorIs(t, err, syscall.EINVAL, tc.name)
		}
	})
}

// identifyNamespace builds an Identify Namespace data structure with the
// given LBA formats (MS, LBADS) and FLBAS.
func identifyNamespace(nsze uint64, flbas byte, formats ...[2]int) []byte {
	id := make([]byte, 4096)
	binary.LittleEndian.PutUint64(id[0:], nsze)
	binary.LittleEndian.PutUint64(id[8:], nsze) // NCAP
	id[25] = byte(len(formats) - 1)             // NLBAF, 0's based
	id[26] = flbas
	for i, f := range formats {
		binary.LittleEndian.PutUint16(id[128+4*i:], uint16(f[0]))
		id[128+4*i+2] = byte(f[1])
	}
	return id
}

// The block size comes from the LBA format FLBAS selects (bits 3:0, and
// with more than 16 formats bits 6:5 above them, as NVMe 2.0 has it);
// FLBAS bit 4 says the metadata is interleaved with the data.
func TestIdentifyNamespace(t *testing.T) {
	ns, err := parseIdentifyNamespace(identifyNamespace(1000, 1, [2]int{0, 9}, [2]int{8, 12}), 5)
	require.NoError(t, err)
	assert.Equal(t, NVMeNamespace{NSID: 5, Blocks: 1000, BlockSize: 4096, MetadataSize: 8}, ns)
	assert.EqualValues(t, 4096000, ns.Size())

	ns, err = parseIdentifyNamespace(identifyNamespace(1<<30, 0x10, [2]int{8, 9}), 1)
	require.NoError(t, err)
	assert.True(t, ns.Extended)
	assert.EqualValues(t, 512, ns.BlockSize)

	formats := make([][2]int, 20)
	for i := range formats {
		formats[i] = [2]int{0, 9}
	}
	formats[17] = [2]int{0, 14}
	ns, err = parseIdentifyNamespace(identifyNamespace(10, 0x20|0x01, formats...), 1)
	require.NoError(t, err)
	assert.EqualValues(t, 16384, ns.BlockSize, "format 17: FLBAS bits 6:5 are its high bits")

	_, err = parseIdentifyNamespace(identifyNamespace(10, 0, [2]int{0, 0}), 1)
	assert.ErrorIs(t, err, syscall.EINVAL, "LBADS 0: the format is not in use")
}

// Only the generic device of an NVMe namespace identifies: a file, a
// block device or another character device fails with ENOTTY, and so does
// an io_uring_cmd queue on one.
func TestNVMeOnOtherTargets(t *testing.T) {
	lockThread(t)
	file := testutil.File(t, t.TempDir(), "plain", 4096, nil)
	for _, p := range []string{file, "/dev/null"} {
		_, err := ReadNVMeNamespace(p)
		require.ErrorIs(t, err, syscall.ENOTTY, p)

		dev, err := Open(p, OpenOptions{})
		require.NoError(t, err)
		_, err = NewQueue([]*Device{dev}, QueueOptions{Mechanism: "io_uring_cmd", Depth: 4, BufferSize: 4096})
		testutil.SkipUnlessIOUring(t, err)
		require.ErrorIs(t, err, syscall.ENOTTY, p)
		dev.Close()
	}
	_, err := ReadNVMeNamespace("/nonexistent/ng0n1")
	require.ErrorIs(t, err, syscall.ENOENT)
}

// On a machine with an NVMe namespace's generic device, io_uring_cmd reads
// through passthrough what the block device reads (without writing: the
// device's data stays as it was).
func TestIOUringCmdOnARealNamespace(t *testing.T) {
	ngs, _ := filepath.Glob("/dev/ng*n*")
	if len(ngs) == 0 {
		t.Skip("skipping: no NVMe generic device (/dev/ngXnY) on this machine")
	}
	lockThread(t)
	ng := ngs[0]
	block := "/dev/nvme" + filepath.Base(ng)[2:]
	ns, err := ReadNVMeNamespace(ng)
	require.NoError(t, err)
	require.Positive(t, ns.Blocks)
	dev, err := Open(ng, OpenOptions{})
	require.NoError(t, err)
	defer dev.Close()
	require.Equal(t, ns.Size(), dev.Geometry().Size)
	require.Equal(t, ns.BlockSize, dev.Geometry().BlockSize)
	for _, eng := range []EngineOptions{{}, {FixedBufs: true, RegisterFiles: true}, {Vectored: true}} {
		q, err := NewQueue([]*Device{dev}, QueueOptions{Mechanism: "io_uring_cmd", Depth: 8, BufferSize: 4096, Engine: eng})
		require.NoError(t, err)
		bs := uint32(max(4096, ns.BlockSize))
		done := cycleAll(t, q, SQE{Offset: 0, Nbytes: bs, Opcode: OpRead})
		require.EqualValues(t, bs, done[0].Res)
		want := make([]byte, bs)
		f, err := os.Open(block)
		if err == nil {
			_, err = f.ReadAt(want, 0)
			f.Close()
			require.NoError(t, err)
			require.True(t, bytes.Equal(want, q.Buffer(0)[:bs]), "passthrough reads what %s reads", block)
		}
		q.Close()
	}
}
