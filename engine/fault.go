package engine

import (
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/workload"
)

// faultOptions are the faults ioengine=xbench-fault, the test engine,
// injects for j.
func faultOptions(j *workload.Job) *xnvme.FaultOptions {
	f := &j.Fault
	return &xnvme.FaultOptions{
		Fail: f.Fail, Every: f.Every, Errno: f.Errno,
		Short: f.Short, ShortBytes: f.ShortBytes, Flip: f.Flip,
		Delay: f.Delay, Ops: f.Dirs, // a direction's bit is its opcode's (opcodeOf)
	}
}
