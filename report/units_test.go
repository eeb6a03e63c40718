package report

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompactFormats(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{FormatCount(0), "0.00"},
		{FormatCount(950), "950"},
		{FormatCount(999.6), "1.00k"},
		{FormatCount(51234), "51.2k"},
		{FormatCount(9.996), "10.0"},
		{FormatCount(512345), "512k"},
		{FormatCount(1234567), "1.23M"},
		{FormatCount(18_364_200), "18.4M"},
		{FormatBytesPerSec(512 * 1024), "512KiB/s"},
		{FormatBytesPerSec(2.1e9), "1.96GiB/s"},
		{FormatBytesPerSec(100), "100B/s"},
		{FormatNanos(812), "812ns"},
		{FormatNanos(52_140), "52.1us"},
		{FormatNanos(999_999), "1.00ms"},
		{FormatNanos(1_234_567), "1.23ms"},
		{FormatNanos(2.5e9), "2.50s"},
		{FormatNanos(0.4), "0.40ns"},
	} {
		require.Equal(t, tc.want, tc.got)
	}
}
