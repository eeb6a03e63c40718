package verify

import (
	"encoding/binary"
	"fmt"
)

// Config is a job's verification: fio's verify options that shape blocks.
type Config struct {
	// Method is the verify method.
	Method Method
	// Interval is the chunk each header covers (verify_interval, fixed up
	// as fio does); 0 means the whole block.
	Interval int
	// HeaderOffset moves each chunk's header this far into the chunk
	// (verify_offset): it is swapped with the bytes there.
	HeaderOffset int
	// Pattern fills the data instead of random bytes (verify_pattern).
	Pattern PatternSpec
	// Fatal stops checking a block at its first bad chunk (verify_fatal).
	Fatal bool
}

// Block is what a block's headers say: where it was written, which write
// it was, and the seed of its data.
type Block struct {
	// Offset is the block's offset in its file, Len its length.
	Offset uint64
	Len    int
	// Seed draws the block's random data.
	Seed uint64
	// NumberIO numbers the write among the job's writes (fio keeps 16
	// bits).
	NumberIO uint16
	// Thread is the writer's fio thread number.
	Thread uint16
	// Sec and Nsec are when the block was written.
	Sec, Nsec uint32
}

// Expect says which fields of the headers a check compares with the
// block's. A block read back without knowing which write made it (a job
// that only reads) takes the seed from its headers, as fio does.
type Expect struct {
	Seed, NumberIO bool
}

// Codec fills blocks to write and checks blocks read back. It is not safe
// for concurrent use; each clone has its own.
type Codec struct {
	cfg     Config
	hdrLen  int
	pattern []byte // the pattern with the current block's offset pasted
	dig     digester
	sum     [128]byte
	want    []byte // room to rebuild the expected block of a mismatch
}

// NewCodec returns the codec of cfg for blocks of up to maxLen bytes.
func NewCodec(cfg Config, maxLen int) *Codec {
	c := &Codec{cfg: cfg, hdrLen: cfg.Method.HeaderLen()}
	if len(cfg.Pattern.Bytes) > 0 {
		c.pattern = append([]byte(nil), cfg.Pattern.Bytes...)
	}
	c.dig.scratch = make([]byte, maxLen)
	return c
}

// Config returns the codec's configuration.
func (c *Codec) Config() Config { return c.cfg }

// interval is the chunk length for a block of n bytes.
func (c *Codec) interval(n int) int {
	if c.cfg.Interval > 0 && c.cfg.Interval <= n {
		return c.cfg.Interval
	}
	return n
}

// Fill writes block b into buf (b.Len bytes): data from the pattern or the
// seed, and in each chunk the header and checksum.
func (c *Codec) Fill(buf []byte, b *Block) {
	m := c.cfg.Method
	if !m.Writes() {
		return
	}
	buf = buf[:b.Len]
	c.fillData(buf, b)
	if c.hdrLen == 0 {
		return
	}
	step := c.interval(b.Len)
	for k, off := 0, 0; off < len(buf); k, off = k+1, off+step {
		chunk := buf[off:min(off+step, len(buf))]
		if len(chunk) <= c.hdrLen {
			continue // fio: "Blocksize too small"; the job's checks refuse it
		}
		putHeader(chunk, m, step, b, b.Offset+uint64(k*step))
		clear(chunk[HeaderSize:c.hdrLen])
		copy(chunk[HeaderSize:], c.sum[:c.dig.sum(m, chunk[c.hdrLen:], &c.sum)])
		if o := c.cfg.HeaderOffset; o > 0 && o+c.hdrLen <= len(chunk) {
			swap(chunk[:c.hdrLen], chunk[o:o+c.hdrLen])
		}
	}
}

// fillData fills buf with the pattern, its %o set to the block's offset,
// or with random bytes drawn from the seed.
func (c *Codec) fillData(buf []byte, b *Block) {
	if c.pattern != nil {
		c.pastePattern(b.Offset)
		for off := 0; off < len(buf); off += len(c.pattern) {
			copy(buf[off:], c.pattern)
		}
		return
	}
	x := b.Seed | 1
	i := 0
	for ; i+8 <= len(buf); i += 8 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		binary.LittleEndian.PutUint64(buf[i:], x)
	}
	if i < len(buf) {
		var tail [8]byte
		binary.LittleEndian.PutUint64(tail[:], x*0x9e3779b97f4a7c15)
		copy(buf[i:], tail[:])
	}
}

// pastePattern writes offset where the pattern has %o.
func (c *Codec) pastePattern(offset uint64) {
	var o [offsetFormatLen]byte
	binary.LittleEndian.PutUint64(o[:], offset)
	for _, at := range c.cfg.Pattern.Offsets {
		copy(c.pattern[at:], o[:])
	}
}

// putHeader writes fio's struct verify_header at the start of chunk.
func putHeader(chunk []byte, m Method, step int, b *Block, offset uint64) {
	le := binary.LittleEndian
	le.PutUint16(chunk[0:], Magic)
	le.PutUint16(chunk[2:], uint16(m))
	le.PutUint32(chunk[4:], uint32(step))
	le.PutUint64(chunk[8:], b.Seed)
	le.PutUint64(chunk[16:], offset)
	le.PutUint32(chunk[24:], b.Sec)
	le.PutUint32(chunk[28:], b.Nsec)
	le.PutUint16(chunk[32:], b.Thread)
	le.PutUint16(chunk[34:], b.NumberIO)
	le.PutUint32(chunk[36:], fioCRC32C(chunk[:36]))
}

// swap exchanges the contents of a and b, which have the same length.
func swap(a, b []byte) {
	for i := range a {
		a[i], b[i] = b[i], a[i]
	}
}

// Check checks block b read back into buf and returns nil when it holds
// what was written, or the first mismatch. It undoes verify_offset in buf.
func (c *Codec) Check(buf []byte, b *Block, want Expect) *Mismatch {
	m := c.cfg.Method
	if m == Null || m == None {
		return nil
	}
	buf = buf[:b.Len]
	step := c.interval(b.Len)
	var first *Mismatch
	bad := 0
	for k, off := 0, 0; off < len(buf); k, off = k+1, off+step {
		chunk := buf[off:min(off+step, len(buf))]
		if len(chunk) <= c.hdrLen {
			continue
		}
		if o := c.cfg.HeaderOffset; o > 0 && c.hdrLen > 0 && o+c.hdrLen <= len(chunk) {
			swap(chunk[:c.hdrLen], chunk[o:o+c.hdrLen])
		}
		mm := c.checkChunk(chunk, k, step, b, want)
		if mm == nil {
			continue
		}
		bad++
		if first == nil {
			first = mm
			c.locate(first, buf, b, want)
		}
		if c.cfg.Fatal {
			break
		}
	}
	if first != nil {
		first.BadChunks = bad
	}
	return first
}

// checkChunk checks chunk k of block b.
func (c *Codec) checkChunk(chunk []byte, k, step int, b *Block, want Expect) *Mismatch {
	m := c.cfg.Method
	at := b.Offset + uint64(k*step)
	if c.hdrLen > 0 {
		if mm := checkHeader(chunk, step, b, at, want); mm != nil {
			return mm
		}
	}
	switch {
	case m.sumSize() > 0:
		n := c.dig.sum(m, chunk[c.hdrLen:], &c.sum)
		if string(c.sum[:n]) == string(chunk[HeaderSize:HeaderSize+n]) {
			return nil
		}
		return &Mismatch{What: m.String(), Offset: at, Len: len(chunk),
			Expected: append([]byte(nil), chunk[HeaderSize:HeaderSize+n]...),
			Received: append([]byte(nil), c.sum[:n]...)}
	case c.pattern != nil:
		c.pastePattern(b.Offset)
		pl := len(c.pattern)
		mod := (k*step + c.hdrLen) % pl
		data := chunk[c.hdrLen:]
		for i := range data {
			if data[i] != c.pattern[mod] {
				return &Mismatch{What: "pattern", Offset: at, Len: len(chunk)}
			}
			if mod++; mod == pl {
				mod = 0
			}
		}
	}
	return nil
}

// checkHeader checks the header at the start of chunk, as fio's
// verify_header: the magic, the length, the offset (before the seed, so
// that a misplaced block is named as such), the seed, the IO number, then
// the header's own crc32c.
func checkHeader(chunk []byte, step int, b *Block, at uint64, want Expect) *Mismatch {
	le := binary.LittleEndian
	bad := func(field string, got, wanted uint64) *Mismatch {
		return &Mismatch{What: "header", Offset: at, Len: len(chunk),
			Header: fmt.Sprintf("bad header %s %#x, wanted %#x", field, got, wanted)}
	}
	switch {
	case le.Uint16(chunk[0:]) != Magic:
		return bad("magic", uint64(le.Uint16(chunk[0:])), Magic)
	case le.Uint32(chunk[4:]) != uint32(step):
		return bad("length", uint64(le.Uint32(chunk[4:])), uint64(step))
	case le.Uint64(chunk[16:]) != at:
		return bad("offset", le.Uint64(chunk[16:]), at)
	case want.Seed && le.Uint64(chunk[8:]) != b.Seed:
		return bad("rand_seed", le.Uint64(chunk[8:]), b.Seed)
	case want.NumberIO && le.Uint16(chunk[34:]) != b.NumberIO:
		return bad("numberio", uint64(le.Uint16(chunk[34:])), uint64(b.NumberIO))
	case le.Uint32(chunk[36:]) != fioCRC32C(chunk[:36]):
		return bad("crc", uint64(le.Uint32(chunk[36:])), uint64(fioCRC32C(chunk[:36])))
	}
	return nil
}
