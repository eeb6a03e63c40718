package workload

import (
	"strings"
	"testing"
)

// BenchmarkGeneratorNext measures the generator's cost per IO.
func BenchmarkGeneratorNext(b *testing.B) {
	for _, tc := range []struct{ name, opts string }{
		{"randread", "rw=randread"},
		{"read", "rw=read"},
		{"randrw", "rw=randrw"},
		{"norandommap", "rw=randread\nnorandommap"},
		{"bsrange", "rw=randread\nbsrange=4k-16k"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			f, err := Parse(strings.NewReader("[j]\nioengine=null\nsize=4g\n"+tc.opts+"\n"), "b.fio")
			if err != nil {
				b.Fatal(err)
			}
			j := f.Jobs[0]
			p, err := j.Plan(0, make([]FileInfo, 1), nil)
			if err != nil {
				b.Fatal(err)
			}
			g := NewGenerator(j, p, j.Seeds(1, 1))
			g.NextPass()
			var io IO
			b.ResetTimer()
			for range b.N {
				if !g.Next(&io) {
					g.NextPass()
				}
			}
		})
	}
}
