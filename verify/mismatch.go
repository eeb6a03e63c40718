package verify

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// Mismatch describes a chunk that does not hold what was written: fio's
// "verify failed" report, with the first byte that differs.
type Mismatch struct {
	// What failed: "header", "pattern" or the checksum's name.
	What string
	// Header says which header field was wrong, for a bad header.
	Header string
	// Offset and Len locate the chunk in the file.
	Offset uint64
	Len    int
	// Expected is the checksum the header holds, Received the one of the
	// data read; empty for a bad header or pattern.
	Expected, Received []byte
	// FirstDiff is the offset in the chunk of the first byte that differs
	// from the block as it was written, -1 if none does (the data is
	// right but the header names another write); WantByte and GotByte are
	// those bytes.
	FirstDiff         int
	WantByte, GotByte byte
	// ExpectedData and ReceivedData are the chunk as written and as read,
	// for verify_dump.
	ExpectedData, ReceivedData []byte
	// BadChunks counts the chunks of the block that failed.
	BadChunks int
}

// Error words the mismatch as one line: what failed, where, the
// checksums, and the first differing byte.
func (m *Mismatch) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: verify failed at offset %d, length %d", m.What, m.Offset, m.Len)
	if m.Header != "" {
		fmt.Fprintf(&b, ": %s", m.Header)
	}
	if len(m.Expected) > 0 {
		fmt.Fprintf(&b, ": expected %s %x, received %x", m.What, m.Expected, m.Received)
	}
	if m.FirstDiff >= 0 {
		fmt.Fprintf(&b, "; first differing byte at offset %d (+%d in the chunk): expected %#02x, received %#02x",
			m.Offset+uint64(m.FirstDiff), m.FirstDiff, m.WantByte, m.GotByte)
	}
	return b.String()
}

// locate rebuilds the block as it was written and fills in where the
// chunk of m first differs from it. The seed comes from the header when
// the check did not know it, and the write time from the header, which is
// the one thing a rebuild cannot know.
func (c *Codec) locate(m *Mismatch, buf []byte, b *Block, want Expect) {
	at := int(m.Offset - b.Offset)
	chunk := buf[at : at+m.Len]
	exp := *b
	if c.hdrLen > 0 && binary.LittleEndian.Uint16(chunk) == Magic {
		if !want.Seed {
			exp.Seed = binary.LittleEndian.Uint64(chunk[8:])
		}
		exp.Sec = binary.LittleEndian.Uint32(chunk[24:])
		exp.Nsec = binary.LittleEndian.Uint32(chunk[28:])
		if !want.NumberIO {
			exp.NumberIO = binary.LittleEndian.Uint16(chunk[34:])
		}
		exp.Thread = binary.LittleEndian.Uint16(chunk[32:])
	}
	if cap(c.want) < len(buf) {
		c.want = make([]byte, len(buf))
	}
	w := c.want[:len(buf)]
	c.Fill(w, &exp)
	wc := w[at : at+m.Len]
	if o := c.cfg.HeaderOffset; o > 0 && c.hdrLen > 0 && o+c.hdrLen <= len(wc) {
		swap(wc[:c.hdrLen], wc[o:o+c.hdrLen])
	}
	m.FirstDiff = -1
	for i := range chunk {
		if chunk[i] != wc[i] {
			m.FirstDiff, m.WantByte, m.GotByte = i, wc[i], chunk[i]
			break
		}
	}
	m.ExpectedData = append([]byte(nil), wc...)
	m.ReceivedData = append([]byte(nil), chunk...)
}
