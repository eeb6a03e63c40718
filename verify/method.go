// Package verify is fio's data verification (HOWTO "Verification"): what a
// written block holds so that reading it back proves it is the right data
// in the right place, and the check of a block read back.
//
// Every block written with verification on is cut into chunks of the
// verify interval. Each chunk starts with fio's 40-byte header (magic,
// method, length, random seed, offset, write time, thread, IO number and a
// crc32c of the header), followed by the checksum of the chunk's data, then
// the data: random bytes drawn from the seed, or the verify_pattern. The
// layout is fio's, byte for byte, so that fio verifies what xbench wrote
// and xbench what fio wrote, for every method whose checksum fio computes
// as its standard defines it (all but sha256 and sha512: see Method).
//
// A Codec fills and checks blocks without allocating; only a mismatch
// allocates, to describe itself.
package verify

import (
	"fmt"
	"strings"
)

// Method is a verification method, numbered as fio's enum (verify.h), since
// the number is written into every header.
type Method uint16

// The methods. fio spells them as verify= takes them (Method.String).
const (
	None   Method = 0
	Meta   Method = 1 // header only (fio's VERIFY_HDR_ONLY, verify=meta)
	MD5    Method = 2
	CRC64  Method = 3
	CRC32  Method = 4
	CRC32C Method = 5
	CRC16  Method = 7
	CRC7   Method = 8
	// SHA256 and SHA512 are the standard digests. fio 3.33's own sha256
	// and sha512 store a truncated state instead of the digest, so that
	// blocks written by one with these methods do not verify with the
	// other.
	SHA256  Method = 9
	SHA512  Method = 10
	SHA3224 Method = 11
	SHA3256 Method = 12
	SHA3384 Method = 13
	SHA3512 Method = 14
	XXHash  Method = 15 // XXH32 with seed 1, as fio
	SHA1    Method = 16
	// Pattern is verify_pattern with headers: what fio does when
	// verify_pattern is set and verify is not.
	Pattern Method = 17
	// PatternOnly is verify=pattern: the pattern alone, no header.
	PatternOnly Method = 18
	// Null pretends to verify (verify=null).
	Null Method = 19
)

// crc32cIntel is fio's crc32c-intel, a synonym of crc32c.
const crc32cIntel Method = 6

// methodNames are the verify= values, in fio's order.
var methodNames = []struct {
	name string
	m    Method
}{
	{"0", None}, {"md5", MD5}, {"crc64", CRC64}, {"crc32", CRC32},
	{"crc32c-intel", CRC32C}, {"crc32c", CRC32C}, {"crc16", CRC16}, {"crc7", CRC7},
	{"sha1", SHA1}, {"sha256", SHA256}, {"sha512", SHA512}, {"sha3-224", SHA3224},
	{"sha3-256", SHA3256}, {"sha3-384", SHA3384}, {"sha3-512", SHA3512},
	{"xxhash", XXHash}, {"meta", Meta}, {"pattern", PatternOnly}, {"null", Null},
}

// Names lists the values verify= takes, in fio's order.
func Names() []string {
	out := make([]string, len(methodNames))
	for i, n := range methodNames {
		out[i] = n.name
	}
	return out
}

// ParseMethod reads a verify= value.
func ParseMethod(s string) (Method, error) {
	for _, n := range methodNames {
		if n.name == s {
			return n.m, nil
		}
	}
	return None, fmt.Errorf("unknown verify method %q (want one of %s)", s, strings.Join(Names(), ", "))
}

// String is fio's name of the method, as its messages show it.
func (m Method) String() string {
	switch m {
	case None:
		return "none"
	case crc32cIntel, CRC32C:
		return "crc32c"
	case Pattern, PatternOnly:
		return "pattern"
	}
	for _, n := range methodNames {
		if n.m == m {
			return n.name
		}
	}
	return fmt.Sprintf("method(%d)", int(m))
}

// HeaderSize is the size of fio's verify header (struct verify_header).
const HeaderSize = 40

// Magic starts every header (FIO_HDR_MAGIC).
const Magic = 0xacca

// sumSize is the room the method's checksum takes after the header (the
// size of fio's struct vhdr_*); 0 for the methods without a checksum.
func (m Method) sumSize() int {
	switch m {
	case MD5:
		return 16
	case CRC64:
		return 8
	case CRC32, CRC32C, crc32cIntel, XXHash:
		return 4
	case CRC16:
		return 2
	case CRC7:
		return 1
	case SHA256:
		return 64
	case SHA512:
		return 128
	case SHA3224:
		return 28
	case SHA3256:
		return 32
	case SHA3384:
		return 48
	case SHA3512:
		return 64
	case SHA1:
		return 20
	}
	return 0
}

// HeaderLen is the bytes at the start of each chunk that are not data: the
// header and the checksum; 0 for verify=pattern, which writes no header.
func (m Method) HeaderLen() int {
	if m == PatternOnly || m == None || m == Null {
		return 0
	}
	return HeaderSize + m.sumSize()
}

// Writes reports whether the method writes anything of its own into the
// blocks (null only pretends).
func (m Method) Writes() bool { return m != None && m != Null }
