package codegen

import (
	"context"
	"os/exec"
	"strings"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
)

// Hardware is the lock's environment.hardware and platform (compat §2.2),
// detected as check verifies it (analysis/hardware), so that a lock
// written here is never found wrong here.
type Hardware = hardware.Identity

// ErlangFacts are the lock fields only the BEAM can tell.
type ErlangFacts struct {
	OTPVersion     string
	ElixirVersion  string
	PythonPlatform string // erlang:system_info(system_architecture)
}

// DetectErlang asks erl and elixir, when installed; missing tools leave
// fields empty for the caller to carry over from the previous lock.
func DetectErlang(ctx context.Context) ErlangFacts {
	var f ErlangFacts
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if erl, err := exec.LookPath("erl"); err == nil {
		out, err := exec.CommandContext(ctx, erl, "-noshell", "-eval",
			`io:format("~s~n~s~n", [erlang:system_info(otp_release), erlang:system_info(system_architecture)]), halt().`).Output()
		if err == nil {
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(lines) == 2 {
				f.OTPVersion, f.PythonPlatform = strings.TrimSpace(lines[0]), strings.TrimSpace(lines[1])
			}
		}
	}
	if ex, err := exec.LookPath("elixir"); err == nil {
		out, err := exec.CommandContext(ctx, ex, "-e", "IO.puts(System.version())").Output()
		if err == nil {
			f.ElixirVersion = strings.TrimSpace(string(out))
		}
	}
	return f
}
