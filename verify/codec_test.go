package verify

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allMethods are the methods that write something of their own.
var allMethods = []Method{Meta, MD5, CRC64, CRC32, CRC32C, CRC16, CRC7, SHA256, SHA512,
	SHA3224, SHA3256, SHA3384, SHA3512, XXHash, SHA1}

func block(off uint64, n int) Block {
	return Block{Offset: off, Len: n, Seed: 0x1234567890abcdef ^ off, NumberIO: 7, Thread: 1, Sec: 10, Nsec: 20}
}

func TestFillThenCheck(t *testing.T) {
	for _, m := range allMethods {
		for _, cfg := range []Config{
			{Method: m},
			{Method: m, Interval: 1024},
			{Method: m, Interval: 1024, HeaderOffset: 512},
		} {
			t.Run(m.String(), func(t *testing.T) {
				c := NewCodec(cfg, 8192)
				buf := make([]byte, 8192)
				b := block(65536, 8192)
				c.Fill(buf, &b)
				assert.Nil(t, c.Check(buf, &b, Expect{Seed: true, NumberIO: true}))
			})
		}
	}
}

func TestCheckCatchesCorruption(t *testing.T) {
	type corrupt func(buf []byte, b *Block)
	cases := []struct {
		name   string
		method Method
		hurt   corrupt
		what   string
		diff   int // the first differing byte, -1 for none
	}{
		{"bit flip in data", CRC32C, func(buf []byte, b *Block) { buf[3000] ^= 0x10 }, "crc32c", 3000},
		{"bit flip in header", MD5, func(buf []byte, b *Block) { buf[1] ^= 1 }, "header", 1},
		{"bit flip in a later chunk", XXHash, func(buf []byte, b *Block) { buf[5000] ^= 0x80 }, "xxhash", 5000 - 4096},
		{"misplaced block", SHA1, func(buf []byte, b *Block) { b.Offset += 8192 }, "header", 16},
		{"stale data (another write's seed)", CRC64, func(buf []byte, b *Block) { b.Seed++ }, "header", 8},
		{"stale data (another write's number)", CRC7, func(buf []byte, b *Block) { b.NumberIO++ }, "header", 34},
		{"zeroed", SHA3256, func(buf []byte, b *Block) { clear(buf) }, "header", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCodec(Config{Method: tc.method, Interval: 4096}, 8192)
			buf := make([]byte, 8192)
			b := block(1<<20, 8192)
			c.Fill(buf, &b)
			tc.hurt(buf, &b)
			mm := c.Check(buf, &b, Expect{Seed: true, NumberIO: true})
			require.NotNil(t, mm)
			assert.Equal(t, tc.what, mm.What, mm.Error())
			if tc.what != "header" || tc.diff < 8 || tc.diff >= 36 {
				assert.Equal(t, tc.diff, mm.FirstDiff, mm.Error())
			}
			assert.Len(t, mm.ExpectedData, mm.Len)
			assert.Len(t, mm.ReceivedData, mm.Len)
		})
	}
}

func TestCheckWithoutSeedTakesTheHeaders(t *testing.T) {
	c := NewCodec(Config{Method: MD5}, 4096)
	buf := make([]byte, 4096)
	b := block(0, 4096)
	c.Fill(buf, &b)
	read := Block{Offset: 0, Len: 4096}
	assert.Nil(t, c.Check(buf, &read, Expect{}))
	buf[100] ^= 4
	mm := c.Check(buf, &read, Expect{})
	require.NotNil(t, mm)
	assert.Equal(t, 100, mm.FirstDiff)
	assert.Equal(t, byte(4), mm.WantByte^mm.GotByte)
}

func TestPatternMethods(t *testing.T) {
	p, err := ParsePattern(`0xdeadbeef%o"ab"`)
	require.NoError(t, err)
	for _, m := range []Method{Pattern, PatternOnly, Meta, MD5} {
		t.Run(m.String(), func(t *testing.T) {
			c := NewCodec(Config{Method: m, Pattern: p, Interval: 512}, 4096)
			buf := make([]byte, 4096)
			b := block(8192, 4096)
			c.Fill(buf, &b)
			if m == PatternOnly {
				assert.Equal(t, []byte{0xde, 0xad, 0xbe, 0xef, 0, 0x20, 0, 0, 0, 0, 0, 0, 'a', 'b', 0xde}, buf[:15])
			}
			require.Nil(t, c.Check(buf, &b, Expect{Seed: true, NumberIO: true}))
			buf[4000] ^= 1
			mm := c.Check(buf, &b, Expect{Seed: true, NumberIO: true})
			require.NotNil(t, mm)
			assert.Equal(t, 4000-3584, mm.FirstDiff, mm.Error())
		})
	}
}

func TestFatalStopsAtTheFirstBadChunk(t *testing.T) {
	for _, fatal := range []bool{false, true} {
		c := NewCodec(Config{Method: CRC32C, Interval: 512, Fatal: fatal}, 4096)
		buf := make([]byte, 4096)
		b := block(0, 4096)
		c.Fill(buf, &b)
		buf[600] ^= 1
		buf[3000] ^= 1
		mm := c.Check(buf, &b, Expect{Seed: true})
		require.NotNil(t, mm)
		assert.Equal(t, uint64(512), mm.Offset)
		want := 2
		if fatal {
			want = 1
		}
		assert.Equal(t, want, mm.BadChunks)
	}
}

func TestFillAndCheckDoNotAllocate(t *testing.T) {
	for _, m := range append(allMethods, PatternOnly) {
		p, _ := ParsePattern("%o")
		c := NewCodec(Config{Method: m, Interval: 4096, Pattern: p}, 16384)
		buf := make([]byte, 16384)
		b := block(4096, 16384)
		allocs := testing.AllocsPerRun(20, func() {
			b.Seed++
			c.Fill(buf, &b)
			if c.Check(buf, &b, Expect{Seed: true, NumberIO: true}) != nil {
				t.Fatal("mismatch")
			}
		})
		assert.Zero(t, allocs, m.String())
	}
}

func TestParsePattern(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
		offs []int
	}{
		{`"abcd"`, []byte("abcd"), nil},
		{"-1024", []byte{0x00, 0xfc, 0xff, 0xff}, nil},
		{"66", []byte{0x42}, nil},
		{"0", []byte{0}, nil},
		{"0xFF0X1", []byte{0xff, 0x01}, nil},
		{"%o", make([]byte, 8), []int{0}},
		{`"123"0xFFeeCC`, []byte{'1', '2', '3', 0xff, 0xee, 0xcc}, nil},
		{`-100xab"1"%o"2"`, []byte{0xf6, 0xff, 0xff, 0xff, 0xab, '1', 0, 0, 0, 0, 0, 0, 0, 0, '2'}, []int{6}},
		{"%o0xdeadbeef%o", append(append(make([]byte, 8), 0xde, 0xad, 0xbe, 0xef), make([]byte, 8)...), []int{0, 12}},
		{"0xff%o\"abcd\"-12", append(append([]byte{0xff}, make([]byte, 8)...), 'a', 'b', 'c', 'd', 0xf4, 0xff, 0xff, 0xff), []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePattern(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.Bytes)
			assert.Equal(t, tt.offs, p.Offsets)
		})
	}
	for _, bad := range []string{"", `"abc`, "%x", "zz", "99999999999"} {
		_, err := ParsePattern(bad)
		assert.Error(t, err, bad)
	}
}

// BenchmarkCodec is the verify cost of one 4 KiB block per method: filling
// it for a write, and checking it once read back.
func BenchmarkCodec(b *testing.B) {
	for _, m := range []Method{CRC32C, XXHash, MD5, SHA256, CRC64, CRC32, CRC7, Meta} {
		b.Run(m.String(), func(b *testing.B) {
			c := NewCodec(Config{Method: m}, 4096)
			buf := make([]byte, 4096)
			blk := block(0, 4096)
			b.SetBytes(4096)
			b.ReportAllocs()
			for b.Loop() {
				blk.Seed++
				c.Fill(buf, &blk)
				if c.Check(buf, &blk, Expect{Seed: true}) != nil {
					b.Fatal("mismatch")
				}
			}
		})
	}
}
