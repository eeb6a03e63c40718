package verify

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// interopMethods are the methods whose checksum fio 3.33 computes as its
// standard defines it (fio's sha256 and sha512 store a truncated state).
var interopMethods = []Method{Meta, MD5, CRC64, CRC32, CRC32C, CRC16, CRC7, XXHash, SHA1,
	SHA3224, SHA3256, SHA3384, SHA3512}

// TestFioVerifiesOurBlocksAndWeVerifyFios writes blocks with fio and checks
// them with the codec, then writes blocks with the codec and has fio check
// them: the header layout and every checksum are fio's.
func TestFioVerifiesOurBlocksAndWeVerifyFios(t *testing.T) {
	if _, err := exec.LookPath("fio"); err != nil {
		t.Skip("skipping: fio is not installed")
	}
	const bs, n = 4096, 16
	for _, m := range interopMethods {
		t.Run(m.String(), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "f")
			run := func(args ...string) {
				cmd := exec.Command("fio", append([]string{"--name=j", "--filename=" + path,
					fmt.Sprintf("--size=%d", bs*n), fmt.Sprintf("--bs=%d", bs), "--verify=" + m.String(),
					"--verify_interval=1024", "--verify_state_save=0"}, args...)...)
				cmd.Dir = dir
				out, err := cmd.CombinedOutput()
				require.NoError(t, err, "%s", out)
			}
			// fio writes, the codec checks.
			run("--rw=write", "--do_verify=0")
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			c := NewCodec(Config{Method: m, Interval: 1024}, bs)
			for i := range n {
				b := Block{Offset: uint64(i * bs), Len: bs}
				assert.Nil(t, c.Check(data[i*bs:], &b, Expect{}), "block %d", i)
			}
			// The codec writes, fio checks.
			for i := range n {
				b := block(uint64(i*bs), bs)
				c.Fill(data[i*bs:], &b)
			}
			require.NoError(t, os.WriteFile(path, data, 0o644))
			run("--rw=read")
			// And a flipped bit fails fio's check.
			data[5*bs+2000] ^= 1
			require.NoError(t, os.WriteFile(path, data, 0o644))
			cmd := exec.Command("fio", "--name=j", "--filename="+path, fmt.Sprintf("--size=%d", bs*n),
				fmt.Sprintf("--bs=%d", bs), "--verify="+m.String(), "--verify_interval=1024", "--rw=read")
			cmd.Dir = dir
			out, _ := cmd.CombinedOutput()
			// fio 3.33 loses a failed chunk's error when a later chunk of
			// the block checks out (verify_io_u overwrites it), so look
			// for its report rather than its exit status.
			if m != Meta {
				assert.Contains(t, string(out), m.String()+": verify failed at file")
			}
		})
	}
}
