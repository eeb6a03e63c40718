package verify

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/binary"
	"hash/crc32"
	"hash/crc64"
	"math/bits"

	"github.com/OneOfOne/xxhash"
)

// This file computes each method's checksum as fio stores it in the header,
// with Go's standard library and the xxhash module; no checksum is written
// by hand. fio's CRCs differ from the common ones in their start and end
// values and, for crc32 and crc7, in bit order:
//
//   - crc32c: Castagnoli, started at ~0 without the final inversion;
//   - crc64: the Jones polynomial, reflected, from 0 (CRC-64/REDIS);
//   - crc16: polynomial 0x8005 reflected, from 0 (CRC-16/ARC);
//   - crc32: polynomial 0x04C11DB7 most significant bit first, from 0,
//     without the final inversion (POSIX cksum's table);
//   - crc7: polynomial 0x09 most significant bit first, from 0 (MMC's).
//
// Go's hash/crc32 computes least significant bit first. A CRC computed most
// significant bit first is the bit reversal of the same CRC computed least
// significant bit first, with the reversed polynomial, over the input with
// each byte's bits reversed; a narrower one (crc7) is the top bits of a
// 32-bit one whose polynomial is shifted to the top. The digester reverses
// the input into its scratch buffer for those two.

var (
	castagnoli = crc32.MakeTable(crc32.Castagnoli)
	arcTable   = crc32.MakeTable(0xa001)                     // 0x8005 reflected
	crc7Table  = crc32.MakeTable(bits.Reverse32(0x09 << 25)) // 0x09 at the top of 32 bits
	jonesTable = crc64.MakeTable(0x95ac9329ac4bc9b5)         // 0xad93d23594c935a9 reflected
)

// crcFrom0 is the reflected CRC of p from 0 without a final inversion:
// hash/crc32 inverts on the way in and out.
func crcFrom0(tab *crc32.Table, p []byte) uint32 { return ^crc32.Update(^uint32(0), tab, p) }

// fioCRC32C is fio's crc32c.
func fioCRC32C(p []byte) uint32 { return ^crc32.Checksum(p, castagnoli) }

// digester computes checksums into a fixed array.
type digester struct {
	scratch []byte // room to bit-reverse the input of crc32 and crc7
}

// sum writes the checksum of p by method m into out and returns its
// length.
func (d *digester) sum(m Method, p []byte, out *[128]byte) int {
	switch m {
	case MD5:
		s := md5.Sum(p)
		return copy(out[:], s[:])
	case CRC64:
		binary.LittleEndian.PutUint64(out[:], ^crc64.Update(^uint64(0), jonesTable, p))
		return 8
	case CRC32:
		binary.LittleEndian.PutUint32(out[:], bits.Reverse32(crcFrom0(crc32.IEEETable, d.reversed(p))))
		return 4
	case CRC32C, crc32cIntel:
		binary.LittleEndian.PutUint32(out[:], fioCRC32C(p))
		return 4
	case CRC16:
		binary.LittleEndian.PutUint16(out[:], uint16(crcFrom0(arcTable, p)))
		return 2
	case CRC7:
		out[0] = byte(bits.Reverse32(crcFrom0(crc7Table, d.reversed(p))) >> 25)
		return 1
	case XXHash:
		binary.LittleEndian.PutUint32(out[:], xxhash.Checksum32S(p, 1))
		return 4
	case SHA1:
		// fio keeps SHA-1's five state words in host order.
		s := sha1.Sum(p)
		for i := 0; i < len(s); i += 4 {
			binary.LittleEndian.PutUint32(out[i:], binary.BigEndian.Uint32(s[i:]))
		}
		return len(s)
	case SHA256:
		s := sha256.Sum256(p)
		return copy(out[:], s[:])
	case SHA512:
		s := sha512.Sum512(p)
		return copy(out[:], s[:])
	case SHA3224:
		s := sha3.Sum224(p)
		return copy(out[:], s[:])
	case SHA3256:
		s := sha3.Sum256(p)
		return copy(out[:], s[:])
	case SHA3384:
		s := sha3.Sum384(p)
		return copy(out[:], s[:])
	case SHA3512:
		s := sha3.Sum512(p)
		return copy(out[:], s[:])
	}
	return 0
}

// reversed returns p with the bits of each byte reversed, in the scratch
// buffer, which grows only when p is longer than any block before.
func (d *digester) reversed(p []byte) []byte {
	if cap(d.scratch) < len(p) {
		d.scratch = make([]byte, len(p))
	}
	s := d.scratch[:len(p)]
	for i, b := range p {
		s[i] = bits.Reverse8(b)
	}
	return s
}
